// The demo service of Slipway's test node (image slipway.local/demo:1). Tests and people rely on
// this contract, documented in docs/test-node.md:
//
//	listens on $PORT (default 8080); logs one line when it starts and one per request
//	GET /ready, GET /live   200 (DEMO_MODE=unready: /ready answers 503)
//	GET /env/NAME           SHA-256 hex of that environment variable's value, 404 when unset, so
//	                        secret delivery can be checked without the value leaving the pod
//	GET /file/PATH          SHA-256 hex of the file at /PATH, 404 when absent
//	DEMO_MODE               ok (default) | unready | crash (says why, exits 1 at start) | burn (keeps a core busy)
//
// The same binary is the pod sandbox's pause process when its first argument is "pause".
package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path"
	"strings"
	"syscall"
	"time"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "pause" {
		pause()
		return
	}
	log.SetFlags(0)
	log.SetPrefix("")
	mode := os.Getenv("DEMO_MODE")
	if mode == "" {
		mode = "ok"
	}
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	host, _ := os.Hostname()
	switch mode {
	case "ok", "unready", "burn":
	case "crash":
		log.Printf("demo: DEMO_MODE=crash, so exiting with status 1 (pod %s)", host)
		os.Exit(1)
	default:
		log.Printf("demo: unknown DEMO_MODE %q (accepted: ok, unready, crash, burn), exiting with status 2", mode)
		os.Exit(2)
	}
	if mode == "burn" {
		go burn()
	}

	mux := http.NewServeMux()
	mux.HandleFunc("/ready", func(w http.ResponseWriter, r *http.Request) {
		if mode == "unready" {
			http.Error(w, "not ready: DEMO_MODE=unready", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ready")
	})
	mux.HandleFunc("/live", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "live")
	})
	mux.HandleFunc("/env/", func(w http.ResponseWriter, r *http.Request) {
		value, ok := os.LookupEnv(strings.TrimPrefix(r.URL.Path, "/env/"))
		if !ok {
			http.NotFound(w, r)
			return
		}
		fmt.Fprintln(w, sha256Hex([]byte(value)))
	})
	mux.HandleFunc("/file/", func(w http.ResponseWriter, r *http.Request) {
		content, err := os.ReadFile(path.Clean("/" + strings.TrimPrefix(r.URL.Path, "/file/")))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		fmt.Fprintln(w, sha256Hex(content))
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprintf(w, "slipway demo on %s, DEMO_MODE=%s\n", host, mode)
	})

	listener, err := net.Listen("tcp", ":"+port)
	if err != nil {
		log.Printf("demo: cannot listen on port %s: %v", port, err)
		os.Exit(1)
	}
	server := &http.Server{Handler: logged(mux), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		stop := make(chan os.Signal, 1)
		signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
		s := <-stop
		log.Printf("demo: %v received, stopping", s)
		server.Close()
	}()
	log.Printf("demo: listening on :%s (DEMO_MODE=%s, pod %s)", port, mode, host)
	if err := server.Serve(listener); err != nil && err != http.ErrServerClosed {
		log.Printf("demo: %v", err)
		os.Exit(1)
	}
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

// logged writes one line per request: what the live log views of Slipway show.
func logged(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		start := time.Now()
		next.ServeHTTP(rec, r)
		log.Printf("demo: %s %s %d %s from %s", r.Method, r.URL.Path, rec.status,
			time.Since(start).Round(time.Microsecond), r.RemoteAddr)
	})
}

// burn keeps one core busy, so an autoscaler sees real CPU use.
func burn() {
	x := uint64(1)
	for {
		for i := 0; i < 1_000_000; i++ {
			x = x*6364136223846793005 + 1442695040888963407
		}
		if x == 0 {
			fmt.Fprint(os.Stderr, "")
		}
	}
}

// pause is the pod sandbox's process: it holds the pod's namespaces until it is told to stop.
func pause() {
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	<-stop
}
