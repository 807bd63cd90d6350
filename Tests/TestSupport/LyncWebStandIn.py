#!/usr/bin/env python3
"""A stand-in for a Lync Server 2013 pool's external web site (IIS on 4443/8080), for tests.

It answers the URLs of Microsoft's "verify access through your reverse proxy" list the way the
real site does (lync-rules.md section 11):

  /abs, /GroupExpansion/service.svc       401 with WWW-Authenticate: Negotiate and NTLM
  /meet, /dialin                           301 to the same path with a trailing slash, then 200 HTML
  / on a Meet or Dial-in simple URL host   200 HTML
  / on lyncdiscover.<domain>               200 autodiscover JSON, AccessLocation External (or --access-location)
  /autodiscover/autodiscoverservice.svc/root   the same JSON
  /hosting/discovery                       200 WOPI discovery XML (Office Web Apps Server)
  anything else                            404

Like HTTP.sys, it answers 400 "Invalid Hostname" when the Host header is not one of --names:
a reverse proxy that does not forward the original Host header fails the checks.

Usage: LyncWebStandIn.py --names a,b,c --external-web-fqdn webext.contoso.com
           [--cert C --key K] [--access-location External]
It binds 127.0.0.1 on a free port and prints "PORT <n>" on its first line of output.
Every request is logged to stderr as "<Host> <path> accept=<Accept header or None>".
For HTTP client tests, /lynccert-test/redirect?to=URL answers 302 to URL, and
/lynccert-test/loop answers 302 to itself.
"""
import argparse
import http.server
import json
import signal
import ssl
import sys


def main():
    # A test runner may start this with signals blocked (the mask is inherited): unblock them, so
    # SIGTERM stops the server.
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    parser = argparse.ArgumentParser()
    parser.add_argument("--names", required=True)
    parser.add_argument("--external-web-fqdn", required=True)
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--access-location", default="External")
    args = parser.parse_args()
    names = {n.strip().lower() for n in args.names.split(",") if n.strip()}
    ext = args.external_web_fqdn.lower()

    def autodiscover(host):
        base = "https://%s/Autodiscover/AutodiscoverService.svc/root" % ext
        domain = host.split(".", 1)[1] if host.startswith("lyncdiscover.") else host
        return json.dumps({
            "AccessLocation": args.access_location,
            "Root": {"Links": [
                {"href": base + "/domain?originalDomain=" + domain, "token": "Domain"},
                {"href": base + "/user?originalDomain=" + domain, "token": "User"},
                {"href": base + "/oauth/user?originalDomain=" + domain, "token": "OAuth"},
            ]},
        }).encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "Microsoft-IIS/8.5"
        sys_version = ""

        def log_message(self, fmt, *values):
            pass

        def send(self, status, body=b"", content_type="text/html; charset=utf-8", extra=()):
            self.send_response(status)
            for name, value in extra:
                self.send_header(name, value)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            host = (self.headers.get("Host") or "").split(":")[0].lower()
            path = self.path.split("?")[0]
            lower = path.lower()
            sys.stderr.write("%s %s accept=%s\n" % (host, path, self.headers.get("Accept")))
            sys.stderr.flush()
            if host not in names:
                self.send(400, b"<h1>Bad Request - Invalid Hostname</h1>")
                return
            page = lambda title: ("<html><head><title>%s</title></head><body>%s</body></html>" % (title, title)).encode()
            challenge = (("WWW-Authenticate", "Negotiate"), ("WWW-Authenticate", "NTLM"))
            scheme = "https" if isinstance(self.connection, ssl.SSLSocket) else "http"
            if lower == "/lynccert-test/loop":
                self.send(302, extra=(("Location", "%s://%s/lynccert-test/loop" % (scheme, host)),))
            elif lower == "/lynccert-test/redirect":
                target = self.path.split("to=", 1)[1] if "to=" in self.path else "/"
                self.send(302, extra=(("Location", target),))
            elif lower in ("/abs", "/abs/") or lower.startswith("/abs/") or lower == "/groupexpansion/service.svc":
                self.send(401, b"401 - Unauthorized", extra=challenge)
            elif lower in ("/meet", "/dialin"):
                self.send(301, extra=(("Location", "%s://%s%s/" % (scheme, host, path)),))
            elif lower in ("/meet/", "/dialin/"):
                self.send(200, page("Lync " + lower.strip("/")))
            elif lower == "/autodiscover/autodiscoverservice.svc/root" or (lower == "/" and host.startswith("lyncdiscover.")):
                self.send(200, autodiscover(host), "application/vnd.microsoft.rtc.autodiscover+json; v=1")
            elif lower == "/hosting/discovery":
                self.send(200, b'<?xml version="1.0" encoding="utf-8"?><wopi-discovery><net-zone name="external-https"/></wopi-discovery>',
                          "text/xml")
            elif lower == "/" and (host.startswith("meet.") or host.startswith("dialin.")):
                self.send(200, page("Lync " + host))
            else:
                self.send(404, b"<h1>404 - File or directory not found.</h1>")

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    if args.cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.cert, args.key)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    print("PORT %d" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
