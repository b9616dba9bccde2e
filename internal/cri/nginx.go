package cri

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"net"
	"net/http"
	"os"
	"path"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// welcomePage is nginx's own default index.html.
const welcomePage = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`

// startNginx serves the nginx stand-in on the pod's IP, port 80, inside the node process (a
// separate process of this binary would cost a hundred MiB per pod), and writes the start-up
// notices and access log lines the real image writes.
//
// A user without root may not bind ports below 1024 (net.ipv4.ip_unprivileged_port_start), not
// even as root of a user namespace: then it serves on fallbackPort and says so in its log;
// servedPort reports the port, so port-forward to 80 still reaches the welcome page.
//
// html is the host directory of a volume mounted at /usr/share/nginx/html, if the pod has one:
// then the stand-in serves its files, as nginx would, instead of the welcome page.
func startNginx(ip, html string, log *logWriter, out *fanout) (stop func(), servedPort int) {
	emit := func(stream, line string) {
		b := []byte(line + "\n")
		log.write(stream, b)
		out.write(stream, b)
	}
	now := func() string { return time.Now().Format("2006/01/02 15:04:05") }
	for _, l := range []string{
		"/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
		"/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
		"/docker-entrypoint.sh: Configuration complete; ready for start up",
	} {
		emit("stdout", l)
	}
	servedPort = 80
	ln, err := net.Listen("tcp", net.JoinHostPort(ip, "80"))
	if errors.Is(err, syscall.EACCES) {
		servedPort = fallbackPort
		ln, err = net.Listen("tcp", net.JoinHostPort(ip, strconv.Itoa(fallbackPort)))
		if err == nil {
			emit("stderr", fmt.Sprintf("%s [notice] 1#1: labs: this user may not bind port 80 (ports below %d need root), so the stand-in listens on %s:%d; kubectl port-forward to port 80 reaches it", now(), unprivilegedPortStart(), ip, fallbackPort))
		}
	}
	if err != nil {
		emit("stderr", fmt.Sprintf("%s [emerg] 1#1: bind() to %s:%d failed (%v)", now(), ip, servedPort, err))
		return func() {}, 0
	}
	emit("stderr", now()+" [notice] 1#1: using the \"epoll\" event method")
	emit("stderr", now()+" [notice] 1#1: nginx/1.27.3")
	emit("stderr", now()+" [notice] 1#1: start worker processes")
	srv := &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		status, body, ctype := http.StatusOK, welcomePage, "text/html"
		switch {
		case html != "":
			status, body, ctype = serveFile(html, req.URL.Path)
		case req.URL.Path != "/" && req.URL.Path != "/index.html":
			status, body = http.StatusNotFound, errorPage(http.StatusNotFound)
		}
		w.Header().Set("Server", "nginx/1.27.3")
		w.Header().Set("Content-Type", ctype)
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(status)
		if req.Method != http.MethodHead {
			_, _ = w.Write([]byte(body))
		}
		host, _, _ := net.SplitHostPort(req.RemoteAddr)
		ref, ua := req.Referer(), req.UserAgent()
		if ref == "" {
			ref = "-"
		}
		if ua == "" {
			ua = "-"
		}
		emit("stdout", fmt.Sprintf("%s - - [%s] \"%s %s %s\" %d %d \"%s\" \"%s\" \"-\"",
			host, time.Now().Format("02/Jan/2006:15:04:05 -0700"), req.Method, req.URL.RequestURI(), req.Proto, status, len(body), ref, ua))
	})}
	go func() { _ = srv.Serve(ln) }()
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	}, servedPort
}

// errorPage is nginx's page for an error status.
func errorPage(status int) string {
	title := fmt.Sprintf("%d %s", status, http.StatusText(status))
	return "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title + "</h1></center>\r\n<hr><center>nginx/1.27.3</center>\r\n</body>\r\n</html>\r\n"
}

// serveFile answers a request from the html directory the way nginx's default server does: a
// directory's index.html, 403 for a directory without one, 404 for what is not there. os.Root
// keeps symbolic links (a configMap's files are links) inside the directory.
func serveFile(dir, urlPath string) (status int, body, ctype string) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return http.StatusNotFound, errorPage(http.StatusNotFound), "text/html"
	}
	defer root.Close()
	name := strings.TrimPrefix(path.Clean("/"+urlPath), "/")
	if name == "" {
		name = "."
	}
	fi, err := root.Stat(name)
	if err == nil && fi.IsDir() {
		name = path.Join(name, "index.html")
		if fi, err = root.Stat(name); err != nil {
			return http.StatusForbidden, errorPage(http.StatusForbidden), "text/html"
		}
	}
	if err != nil || !fi.Mode().IsRegular() {
		return http.StatusNotFound, errorPage(http.StatusNotFound), "text/html"
	}
	b, err := root.ReadFile(name)
	if err != nil {
		return http.StatusForbidden, errorPage(http.StatusForbidden), "text/html"
	}
	ctype = mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = "application/octet-stream" // nginx's default_type
	}
	return http.StatusOK, string(b), ctype
}

// fallbackPort is where the nginx stand-in listens when port 80 is not allowed: nginx's usual
// unprivileged port.
const fallbackPort = 8080

// unprivilegedPortStart is the lowest port a user without privileges may bind.
func unprivilegedPortStart() int {
	b, err := os.ReadFile("/proc/sys/net/ipv4/ip_unprivileged_port_start")
	if err != nil {
		return 1024
	}
	n, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		return 1024
	}
	return n
}
