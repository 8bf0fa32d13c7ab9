package stats

import (
	"testing"
	"unsafe"
)

// TestStateSizes bounds the size of the states kept per domain, per
// sending path and per bucket. On ten generated days with 101,384 domains
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
	}
	for _, tt := range tests {
		if tt.size > tt.max {
			t.Errorf("%s takes %d bytes, want at most %d", tt.name, tt.size, tt.max)
		}
	}
}
