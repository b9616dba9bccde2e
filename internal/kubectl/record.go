package kubectl

import (
	"bytes"
	"crypto/rand"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/sets"
	apirequest "k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/rest"

	"github.com/labs-dev/labs/internal/audit"
	"github.com/labs-dev/labs/internal/state"
)

// EnvEvidence names the file labs' kubectl records its requests into; labs sets it for the
// scripts it runs. Unset, the file is EvidencePath of the state directory.
const EnvEvidence = "LABS_KUBECTL_EVIDENCE"

// EvidencePath is where labs' kubectl records what it sends, under the state directory: the
// evidence of the learner's requests on a cluster whose audit log labs cannot read (an existing
// cluster). Each line is an audit.k8s.io/v1 Event as kubectl saw it (verb, path and query, dry
// run, user agent, response code and message), read by the same code as an audit log, within
// each attempt's window.
func EvidencePath(stateDir string) string {
	return filepath.Join(stateDir, "evidence", "kubectl.log")
}

// evidenceFile is the file this kubectl records into, "" when there is none to be had.
func evidenceFile() string {
	if p := os.Getenv(EnvEvidence); p != "" {
		return p
	}
	dir, err := state.Resolve("")
	if err != nil {
		return ""
	}
	return EvidencePath(dir)
}

// maxEvidence is the size at which the record starts over (the previous one kept as .1).
const maxEvidence = 20 << 20

// Recorder returns a rest.Config wrapper whose transport appends one event per request to path.
func Recorder(path string) func(*rest.Config) *rest.Config {
	return func(c *rest.Config) *rest.Config {
		user := certUser(c)
		c.Wrap(func(rt http.RoundTripper) http.RoundTripper {
			return &recorder{next: rt, path: path, user: user}
		})
		return c
	}
}

// recorder is an http.RoundTripper that records each request after its response arrived.
type recorder struct {
	next http.RoundTripper
	path string
	user string
}

var requestInfo = &apirequest.RequestInfoFactory{APIPrefixes: sets.NewString("api", "apis"), GrouplessAPIPrefixes: sets.NewString("api")}

// record is an audit.k8s.io/v1 Event (the fields audit.Event reads, and its kind).
type record struct {
	Kind       string `json:"kind"`
	APIVersion string `json:"apiVersion"`
	Level      string `json:"level"`
	audit.Event
	Annotations map[string]string `json:"annotations,omitempty"`
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	received := time.Now()
	var body []byte
	if req.Method != http.MethodGet && req.Body != nil && req.Body != http.NoBody {
		// A delete's options (the grace period: `kubectl delete --force`), as the audit log's
		// request body is; a create's object, whose name the API server logs.
		b, err := io.ReadAll(req.Body)
		_ = req.Body.Close()
		if err != nil {
			return nil, err
		}
		body = b
		req.Body = io.NopCloser(bytes.NewReader(b))
	}
	resp, err := r.next.RoundTrip(req)
	ev := r.event(req, received)
	if len(body) > 0 {
		obj := asJSON(body)
		if req.Method == http.MethodDelete {
			ev.RequestObject = obj
		}
		if ev.Verb == "create" && ev.ObjectRef != nil && ev.ObjectRef.Name == "" && ev.ObjectRef.Subresource == "" {
			var o struct {
				Metadata struct{ Name string } `json:"metadata"`
			}
			if json.Unmarshal(obj, &o) == nil {
				ev.ObjectRef.Name = o.Metadata.Name
			}
		}
	}
	switch {
	case err != nil:
		// Never reached the server: nothing it could have logged either.
		return resp, err
	case resp.StatusCode >= 400:
		ev.Response = &audit.Response{Code: int32(resp.StatusCode)}
		// The API server's own error text, from its Status answer (kept for kubectl).
		b, rerr := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		_ = resp.Body.Close()
		resp.Body = io.NopCloser(bytes.NewReader(b))
		if rerr == nil {
			if obj, _, err := scheme.Codecs.UniversalDeserializer().Decode(b, nil, nil); err == nil {
				if st, ok := obj.(*metav1.Status); ok {
					ev.Response.Message, ev.Response.Reason = st.Message, string(st.Reason)
				}
			}
		}
	default:
		ev.Response = &audit.Response{Code: int32(resp.StatusCode)}
	}
	r.write(ev)
	return resp, nil
}

// asJSON is a request body as the audit log shows it, JSON (client-go may send protobuf);
// nil when it is neither.
func asJSON(body []byte) json.RawMessage {
	if json.Valid(body) {
		return body
	}
	obj, _, err := scheme.Codecs.UniversalDeserializer().Decode(body, nil, nil)
	if err != nil {
		return nil
	}
	b, err := json.Marshal(obj)
	if err != nil {
		return nil
	}
	return b
}

// event is what the API server would log about req.
func (r *recorder) event(req *http.Request, received time.Time) audit.Event {
	id := make([]byte, 16)
	_, _ = rand.Read(id)
	ev := audit.Event{
		AuditID:    hex.EncodeToString(id),
		Stage:      "ResponseComplete",
		RequestURI: req.URL.RequestURI(),
		Verb:       strings.ToLower(req.Method),
		User:       audit.User{Username: r.user},
		UserAgent:  req.Header.Get("User-Agent"),
		Received:   received.UTC(),
	}
	if info, err := requestInfo.NewRequestInfo(req); err == nil {
		ev.Verb = info.Verb
		if info.IsResourceRequest {
			ev.ObjectRef = &audit.Object{Resource: info.Resource, Namespace: info.Namespace, Name: info.Name,
				APIGroup: info.APIGroup, APIVersion: info.APIVersion, Subresource: info.Subresource}
		}
	}
	return ev
}

var writeMu sync.Mutex

func (r *recorder) write(ev audit.Event) {
	line, err := json.Marshal(record{Kind: "Event", APIVersion: "audit.k8s.io/v1", Level: "Metadata", Event: ev,
		Annotations: map[string]string{"labs.dev/source": "kubectl"}})
	if err != nil {
		return
	}
	writeMu.Lock()
	defer writeMu.Unlock()
	if err := os.MkdirAll(filepath.Dir(r.path), 0o700); err != nil {
		return
	}
	if fi, err := os.Stat(r.path); err == nil && fi.Size() > maxEvidence {
		_ = os.Rename(r.path, r.path+".1")
	}
	f, err := os.OpenFile(r.path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return // evidence is best effort: kubectl itself must work
	}
	defer f.Close()
	_, _ = f.Write(append(line, '\n'))
}

// certUser is the user name of the config's client certificate (its CN), which is what the
// API server would log; "kubeconfig-user" for other credentials; "" for none at all.
func certUser(c *rest.Config) string {
	data := c.CertData
	if len(data) == 0 && c.CertFile != "" {
		data, _ = os.ReadFile(c.CertFile)
	}
	if block, _ := pem.Decode(data); block != nil {
		if cert, err := x509.ParseCertificate(block.Bytes); err == nil && cert.Subject.CommonName != "" {
			return cert.Subject.CommonName
		}
	}
	if len(data) > 0 || c.BearerToken != "" || c.BearerTokenFile != "" || c.Username != "" || c.ExecProvider != nil || c.AuthProvider != nil {
		return "kubeconfig-user"
	}
	return ""
}
