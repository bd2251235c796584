package scanner

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// IncompleteError reports the codes of a multi-QR export that were not
// given to MergeBatches, so that a caller can ask for exactly those.
type IncompleteError struct {
	Size    int   // how many codes the export has
	Missing []int // batch indexes not given, from 0, ascending
}

// Error numbers the missing codes from 1, as people count them.
func (e *IncompleteError) Error() string {
	parts := make([]string, len(e.Missing))
	for i, m := range e.Missing {
		parts[i] = strconv.Itoa(m + 1)
	}
	return fmt.Sprintf("merging export: missing code %s of %d",
		strings.Join(parts, ", "), e.Size)
}

// MergeBatches reassembles a Google Authenticator export that spans
// several QR codes, given its payloads in any order. Every payload must
// be a well-formed export of the same batch, and every code of the batch
// must be present: a missing one is reported as an *IncompleteError. A
// code scanned twice is accepted; two different codes that claim the
// same place are not. The accounts come back in export order.
func MergeBatches(ps []Payload) ([]Enrollment, error) {
	if len(ps) == 0 {
		return nil, errors.New("merging export: no codes given")
	}

	parts, size, err := collectBatches(ps)
	if err != nil {
		return nil, err
	}

	var es []Enrollment
	var missing []int
	for i := range size {
		p, ok := parts[i]
		if !ok {
			missing = append(missing, i)
			continue
		}
		es = append(es, p.Enrollments...)
	}

	if missing != nil {
		return nil, &IncompleteError{Size: size, Missing: missing}
	}
	return es, nil
}

// collectBatches indexes ps by batch index after checking that they all
// belong to one export. Codes are named by their position in ps, from 1.
func collectBatches(ps []Payload) (map[int]Payload, int, error) {
	parts := map[int]Payload{}
	var first *Batch

	for i, p := range ps {
		if err := checkBatch(p, first); err != nil {
			return nil, 0, fmt.Errorf("merging export: code %d: %w",
				i+1, err)
		}
		if first == nil {
			first = p.Batch
		}

		prev, dup := parts[p.Batch.Index]
		if dup && prev.Text != p.Text {
			return nil, 0, fmt.Errorf("merging export: two different "+
				"codes claim to be code %d of %d",
				p.Batch.Index+1, p.Batch.Size)
		}
		parts[p.Batch.Index] = p
	}
	return parts, first.Size, nil
}

// checkBatch reports whether p can join the export whose first code
// carried batch first (nil for the first code itself).
func checkBatch(p Payload, first *Batch) error {
	switch {
	case p.Kind != KindMigration:
		return errors.New("not a Google Authenticator export")
	case p.Err != nil:
		return p.Err
	case p.Batch == nil:
		return errors.New("no batch information")
	case first == nil:
		return nil
	case p.Batch.ID != first.ID:
		return errors.New("belongs to another export (batch id differs)")
	case p.Batch.Size != first.Size:
		return fmt.Errorf("says the export has %d codes, not %d",
			p.Batch.Size, first.Size)
	}
	return nil
}
