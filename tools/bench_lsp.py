# Times `brief lsp` on a workspace: start-up (initialize → first diagnostics
# of an opened note; initialize → the first answer that needs the whole
# workspace read, a hover) and 10 edits of that note (didChange → its
# diagnostics).
import json, os, subprocess, sys, time, statistics
binary, root, note = sys.argv[1], sys.argv[2], sys.argv[3]
p = subprocess.Popen([binary, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=root)
def send(msg):
    body = json.dumps(msg).encode()
    p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body); p.stdin.flush()
def read():
    length = None
    while True:
        line = p.stdout.readline().strip()
        if not line: break
        if line.startswith(b"Content-Length:"): length = int(line.split(b":")[1])
    return json.loads(p.stdout.read(length))
uri = "file://" + os.path.abspath(os.path.join(root, note))
t0 = time.monotonic()
send({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":None,"rootUri":"file://"+os.path.abspath(root),"capabilities":{}}})
while read().get("id") != 1: pass
send({"jsonrpc":"2.0","method":"initialized","params":{}})
text = open(os.path.join(root, note)).read()
send({"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":uri,"languageId":"markdown","version":1,"text":text}}})
def wait_diag(version):
    while True:
        m = read()
        if m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri and m["params"].get("version") == version:
            return m["params"]["diagnostics"]
wait_diag(1)
startup = time.monotonic() - t0
send({"jsonrpc":"2.0","id":3,"method":"textDocument/hover","params":{"textDocument":{"uri":uri},"position":{"line":1,"character":1}}})
while read().get("id") != 3: pass
indexed = time.monotonic() - t0
times = []
for i in range(10):
    edited = text.replace("title: ", "title: edit %d " % i, 1) if i % 2 else text.replace("title: ", "titel: ", 1)
    t = time.monotonic()
    send({"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":uri,"version":i+2},"contentChanges":[{"text":edited}]}})
    d = wait_diag(i + 2)
    times.append((time.monotonic() - t) * 1000)
send({"jsonrpc":"2.0","id":2,"method":"shutdown"}); 
while read().get("id") != 2: pass
send({"jsonrpc":"2.0","method":"exit"}); p.wait()
print("startup to first diagnostics: %.2f s" % startup)
print("startup to workspace indexed (hover answered): %.2f s" % indexed)
print("edit to diagnostics (ms): median %.0f, worst %.0f, all %s (includes the %d ms debounce)" % (statistics.median(times), max(times), [round(t) for t in times], 60))
