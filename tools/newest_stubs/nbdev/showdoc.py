"`show_doc` renders API docs for the site; the newest-releases test leg only runs the code, so here it does nothing"
def show_doc(*args, **kwargs): return None
