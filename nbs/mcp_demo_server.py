"""A small MCP server for lisette's MCP page (`06a_mcp.ipynb`), written with the MCP SDK's `MCPServer`.

  python mcp_demo_server.py                 serve over stdio (the client starts it)
  python mcp_demo_server.py --http PORT     serve streamable HTTP on http://127.0.0.1:PORT/mcp

Every tool answers the same way on every run, so what a model is shown can be recorded and replayed."""
import base64, os, struct, sys, threading, time, zlib
from typing import TypedDict
import anyio
from mcp.server.mcpserver import MCPServer, Context, Image
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import CallToolResult, EmbeddedResource, TextResourceContents, BlobResourceContents

mcp = MCPServer('demo', instructions='Toy tools for trying out MCP clients', log_level='WARNING')

def png(w=32, h=24, rgb=(200, 30, 30)):
    "A `w`x`h` PNG of one colour, built by hand so the server needs nothing but the SDK"
    def chunk(k, d): return struct.pack('>I', len(d)) + k + d + struct.pack('>I', zlib.crc32(k + d))
    rows = b''.join(b'\0' + bytes(rgb)*w for _ in range(h))
    return b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(rows, 9)) + chunk(b'IEND', b'')

@mcp.tool()
def add(a:int, b:int)->int:
    "Add two integers"
    return a + b

@mcp.tool()
def greet(name:str)->str:
    "Greet someone by name"
    return f"Hello, {name}!"

class Weather(TypedDict):
    city: str
    temp_c: int
    sky: str

@mcp.tool()
def weather(city:str)->Weather:
    "Today's weather in `city` (made up, the same every day)"
    return Weather(city=city, temp_c=10 + len(city), sky='clear' if len(city) % 2 else 'cloudy')

@mcp.tool()
def stats(values:list[float])->CallToolResult:
    "Count, sum and mean of `values`, as structured content only"
    n = len(values)
    return CallToolResult(content=[], structured_content={'count':n, 'sum':sum(values), 'mean':sum(values)/n if n else None})

@mcp.tool()
def swatch(colour:str)->list:
    "A small image of `colour` (red, green or blue), with a caption"
    rgb = dict(red=(200, 30, 30), green=(30, 160, 60), blue=(40, 60, 200)).get(colour.lower())
    if rgb is None: raise ToolError(f"Unknown colour {colour!r}: use red, green or blue")
    return [f"A 32x24 swatch of {colour.lower()}", Image(data=png(rgb=rgb), format='png')]

@mcp.tool()
def readme()->CallToolResult:
    "The server's readme and logo, as embedded resources"
    return CallToolResult(content=[
        EmbeddedResource(type='resource', resource=TextResourceContents(uri='demo://readme', mime_type='text/plain', text='Demo server: toy tools.')),
        EmbeddedResource(type='resource', resource=BlobResourceContents(uri='demo://logo.png', mime_type='image/png', blob=base64.b64encode(png()).decode())),
        EmbeddedResource(type='resource', resource=BlobResourceContents(uri='demo://data.bin', mime_type='application/octet-stream', blob=base64.b64encode(b'\0'*10).decode()))])

@mcp.tool()
def divide(a:float, b:float)->float:
    "Divide `a` by `b`"
    if b == 0: raise ToolError("Cannot divide by zero")
    return a / b

@mcp.tool()
async def wait(seconds:float)->str:
    "Wait `seconds` seconds, then say so"
    await anyio.sleep(seconds)
    return f"Waited {seconds:g} s"

@mcp.tool()
def crash()->str:
    "Stop the server process at once, as a crash would"
    os._exit(3)

@mcp.tool()
def env(name:str)->str:
    "The value of environment variable `name` in the server's process"
    return os.environ.get(name, f"{name} is not set")

@mcp.tool()
def header(name:str, ctx:Context)->str:
    "The value of HTTP request header `name` (HTTP servers only)"
    return (ctx.headers or {}).get(name.lower(), f"no {name} header")

@mcp.tool()
def pid()->int:
    "The server's process id"
    return os.getpid()

def exit_with_parent():
    "Exit when the process that started this one does, so a test run that dies leaves no server behind"
    ppid = os.getppid()
    while os.getppid() == ppid: time.sleep(0.5)
    os._exit(0)

if __name__ == '__main__':
    if '--http' in sys.argv:
        threading.Thread(target=exit_with_parent, daemon=True).start()
        mcp.run('streamable-http', host='127.0.0.1', port=int(sys.argv[sys.argv.index('--http')+1]))
    else: mcp.run()
