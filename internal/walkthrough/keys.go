package walkthrough

import (
	"errors"
	"io"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// Keys typed into the walkthrough when the learner meant their shell ("kubectl get pods⏎")
// must not act: c, p, s, t and Enter are all in that line. A deliberate key press is a single
// byte with a pause around it; anything else is stray typing.
const (
	// burstGap: bytes closer than this are one burst (a paste, a terminal sending a line, fast
	// typing). A human's key presses are 80 ms or more apart.
	burstGap = 30 * time.Millisecond
	// strayQuiet: after stray typing, keys act again only after this long without any.
	strayQuiet = 700 * time.Millisecond
)

// keyReader reads the learner's keys in its own goroutine. While a shell owns the terminal it
// stops reading, so every byte typed there reaches the shell.
type keyReader struct {
	in     io.Reader
	chunks chan []byte
	pause  chan chan struct{} // a request to stop reading; closed by the reader when parked
	resume chan struct{}
	fd     int // polled before each read, -1 when in is not a file
	stop   <-chan struct{}
	exited chan struct{} // closed when the reader stopped (end of input, stop)
}

// newKeyReader reads in until stop is closed (a terminal: within 100 ms of it).
func newKeyReader(in io.Reader, stop <-chan struct{}) *keyReader {
	k := &keyReader{in: in, chunks: make(chan []byte), pause: make(chan chan struct{}), resume: make(chan struct{}), fd: -1, stop: stop, exited: make(chan struct{})}
	if f, ok := in.(*os.File); ok {
		k.fd = int(f.Fd())
	}
	go k.loop()
	return k
}

// pausePoint honours a pause the walkthrough asked for (while a shell runs): it acknowledges
// it and waits for resume. It reports whether it paused, and whether the reader must stop.
func (k *keyReader) pausePoint() (paused, stop bool) {
	select {
	case ack := <-k.pause:
		close(ack)
		select {
		case <-k.resume:
			return true, false
		case <-k.stop:
			return true, true
		}
	default:
		return false, false
	}
}

func (k *keyReader) loop() {
	defer close(k.exited)
	defer close(k.chunks)
	buf := make([]byte, 256)
	for {
		select {
		case <-k.stop:
			return
		default:
		}
		if paused, stop := k.pausePoint(); stop {
			return
		} else if paused {
			continue
		}
		if k.fd >= 0 {
			// Wait for input without holding a read, so a pause can stop the reader in between.
			fds := []unix.PollFd{{Fd: int32(k.fd), Events: unix.POLLIN}}
			n, err := poll(fds, 100)
			if errors.Is(err, unix.EINTR) || (err == nil && n == 0) {
				continue
			}
			if err != nil {
				return
			}
			if fds[0].Revents&unix.POLLIN == 0 {
				if fds[0].Revents&(unix.POLLHUP|unix.POLLERR|unix.POLLNVAL) != 0 {
					return
				}
				continue
			}
			if paused, stop := k.pausePoint(); stop {
				return
			} else if paused {
				continue
			}
		}
		n, err := k.in.Read(buf)
		if n > 0 {
			select {
			case k.chunks <- append([]byte(nil), buf[:n]...):
			case <-k.stop:
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// Pause stops reading and returns once the reader is parked; only for a file (a terminal).
func (k *keyReader) Pause() bool {
	if k.fd < 0 {
		return false
	}
	ack := make(chan struct{})
	select {
	case k.pause <- ack:
	case <-k.exited:
		return false // nothing reads the terminal: a shell can have it
	}
	<-ack
	return true
}

func (k *keyReader) Resume() {
	select {
	case k.resume <- struct{}{}:
	case <-k.exited:
	}
}

// burst collects bytes that arrive close together and decides, once it ends, whether it was a
// deliberate key press.
type burst struct {
	buf       []byte
	lastStray time.Time
}

// keyVerdict is what a finished burst amounts to.
type keyVerdict int

const (
	keyPress keyVerdict = iota // one deliberate key
	strayTyping
	ignoreBurst // an escape sequence (arrows, focus reports): not typing, not a key
)

// end classifies the finished burst at time now and empties it.
func (b *burst) end(now time.Time) (byte, keyVerdict) {
	buf := b.buf
	b.buf = nil
	if len(buf) == 0 {
		return 0, ignoreBurst
	}
	if buf[0] == 0x1b {
		return 0, ignoreBurst
	}
	if len(buf) == 1 && (isCommandKey(buf[0]) || buf[0] == '\r' || buf[0] == '\n') && now.Sub(b.lastStray) >= strayQuiet {
		return buf[0], keyPress
	}
	b.lastStray = now
	return 0, strayTyping
}

func isCommandKey(k byte) bool {
	switch k {
	case 'h', 'H', 's', 'S', 'c', 'C', 'n', 'N', 'p', 'P', 'q', 'Q', 't', 'T', 'y', 'Y', 'a', 'A':
		return true
	case '1', '2', '3', '4', '5', '6', '7', '8', '9': // a question's choices
		return true
	}
	return false
}
