package stats

import (
	"testing"
	"unsafe"
)

// TestStateSizes bounds the size of the states kept per domain, per
// sending path, per bucket and per tracked message. On ten generated days with 101,384 domains
// the dashboard keeps about 180,000 paths and, by its heap profile, about
// 280,000 buckets, so 8 more bytes in one of them cost 0.8 to 2.2 MB.
func TestStateSizes(t *testing.T) {
	tests := []struct {
		name string
		size uintptr
		max  uintptr
	}{
		{"domainState", unsafe.Sizeof(domainState{}), 160},
		{"pathState", unsafe.Sizeof(pathState{}), 32},
		{"pathCounts", unsafe.Sizeof(pathCounts{}), 64},
		{"tally", unsafe.Sizeof(tally{}), 56},
		{"bucket", unsafe.Sizeof(bucket{}), 64},
		{"series", unsafe.Sizeof(series{}), 8},
		// Go allocates a tracked message in the 352-byte size class.
		// The next class is 384 bytes: 32 more for each of the 20,000
		// messages tracked, and for every message created while reading.
		{"tracked", unsafe.Sizeof(tracked{}), 352},
	}
	for _, tt := range tests {
		if tt.size > tt.max {
			t.Errorf("%s takes %d bytes, want at most %d", tt.name, tt.size, tt.max)
		}
	}
}
