# Teaches: a tiny TCP echo server runs in one thread and a client in the main thread over localhost; the server binds port 0 and the OS picks a free port, which an Event hands to the client.
# Output: exact
# Speed: none
import socket
import threading

ready = threading.Event()
server_info = {}


def echo_server():
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    server_info["port"] = srv.getsockname()[1]
    ready.set()

    conn, _addr = srv.accept()
    with conn:
        while True:
            data = conn.recv(1024)
            if not data:          # client closed its side
                break
            conn.sendall(b"echo: " + data)
    srv.close()
    print("server: connection closed")


server = threading.Thread(target=echo_server, name="server")
server.start()
ready.wait()
print("server is listening on a free port:", server_info["port"] > 0)

with socket.create_connection(("127.0.0.1", server_info["port"])) as client:
    for line in ["hello", "how are you?", "the GIL is released while I wait"]:
        client.sendall(line.encode())
        reply = client.recv(1024).decode()
        print("client got:", reply)

server.join()
print("done")
