"The emulator server shared by every column of the benchmark: prints its URL, then serves until stdin closes"
import os, re, sys, http.server
os.environ.setdefault('LITELLM_LOCAL_MODEL_COST_MAP', 'True')
from lisette import emulator
from lisette.emulator import Emulator, Reply, respond, last_ask
TextPart = getattr(emulator, 'TextPart', None) or emulator.Text  # an emulator from an older checkout (`--emulator-from`) calls it `Text`

def bench_responder(c):
    "'Stream N chunks' gets a reply that streams as N text deltas; anything else gets the default responder"
    m = re.match(r'Stream (\d+) chunks', last_ask(c)[1])
    # the wire adapters stream text in pieces of 3 words, so 3N words make N deltas (distinct: LiteLLM stops repeated chunks)
    return Reply([TextPart(' '.join(map(str, range(3*int(m[1])))))]) if m else respond(c)

if __name__ == '__main__':
    # socketserver listens with a backlog of 5: a burst of 100 connections would wait on SYN retries (1 s and more)
    http.server.ThreadingHTTPServer.request_queue_size = 256
    em = Emulator(responder=bench_responder).start()
    print(em.url, flush=True)
    sys.stdin.read()
    em.stop()
