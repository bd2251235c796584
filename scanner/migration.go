package scanner

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"google.golang.org/protobuf/proto"

	"github.com/tessera-auth/tessera/scanner/migrationpb"
	"github.com/tessera-auth/tessera/vault"
)

// Google Authenticator exports accounts as otpauth-migration://offline
// URIs whose data parameter is a base64 protocol buffer (the schema is in
// migrationpb). A large export spans several QR codes that share a batch
// id; MergeBatches puts them back together.

// Shorthands for the generated message types.
type (
	migrationPB = migrationpb.Payload
	otpParams   = migrationpb.Payload_OtpParameters
)

// parseMigration parses s, whose scheme is otpauth-migration in any
// letter case. Accounts that parse are returned even when another one
// does not, so that callers can show what the code holds; err then names
// the first bad account by its position, counted from 1.
func parseMigration(s string) ([]Enrollment, *Batch, error) {
	m, err := migrationMessage(s)
	if err != nil {
		return nil, nil, fmt.Errorf("parsing otpauth-migration URI: %w", err)
	}

	b, err := batchOf(m)
	if err != nil {
		return nil, nil, fmt.Errorf("parsing otpauth-migration URI: %w", err)
	}

	es, err := migrationAccounts(m)
	if err != nil {
		err = fmt.Errorf("parsing otpauth-migration URI: %w", err)
	}
	return es, b, err
}

// migrationMessage decodes the protocol buffer carried by s.
func migrationMessage(s string) (*migrationPB, error) {
	rest, ok := cutPrefixFold(s, "otpauth-migration://")
	if !ok {
		return nil, errors.New("want otpauth-migration://offline?data=...")
	}

	host, query, _ := strings.Cut(rest, "?")
	if !strings.EqualFold(host, "offline") {
		return nil, errors.New("want otpauth-migration://offline?data=...")
	}

	data, err := migrationData(query)
	if err != nil {
		return nil, err
	}

	m := &migrationPB{}
	if err := proto.Unmarshal(data, m); err != nil {
		return nil, errors.New("data: not a Google Authenticator export")
	}
	return m, nil
}

// migrationData returns the decoded data parameter of query. Other
// parameters are ignored: the format defines none.
func migrationData(query string) ([]byte, error) {
	params, err := splitQuery(query, map[string]bool{"data": true})
	if err != nil {
		return nil, err
	}

	for _, p := range params {
		if strings.EqualFold(p.name, "data") {
			return decodeData(p.value)
		}
	}
	return nil, errors.New("data: missing")
}

// decodeData decodes standard base64 with or without padding. Some
// exporters leave "+" unescaped in the URI, where query unescaping has
// turned it into a space; it is turned back. URL-safe base64 is accepted
// too, since the two alphabets cannot be confused.
func decodeData(s string) ([]byte, error) {
	s = strings.ReplaceAll(s, " ", "+")
	s = strings.TrimRight(s, "=")
	if strings.ContainsAny(s, "-_") {
		s = strings.NewReplacer("-", "+", "_", "/").Replace(s)
	}

	b, err := base64.RawStdEncoding.DecodeString(s)
	if err != nil || len(b) == 0 {
		return nil, errors.New("data: not valid base64")
	}
	return b, nil
}

// batchOf reads where m sits in its export. Exports of a single QR code
// may leave the size at zero; that is read as one.
func batchOf(m *migrationPB) (*Batch, error) {
	b := &Batch{Index: int(m.GetBatchIndex()), Size: int(m.GetBatchSize()),
		ID: m.GetBatchId()}
	if b.Size == 0 && b.Index == 0 {
		b.Size = 1
	}

	if b.Size < 0 || b.Index < 0 || b.Index >= b.Size {
		return nil, fmt.Errorf("batch: index %d does not fit size %d",
			b.Index, b.Size)
	}
	if b.Size > MaxBatchSize {
		return nil, fmt.Errorf("batch: an export of %d codes is over "+
			"the limit of %d", b.Size, MaxBatchSize)
	}
	return b, nil
}

// MaxBatchSize bounds the codes of one multi-QR export. Google
// Authenticator puts about ten accounts in a code, so this is far more
// than any real export; without a bound, one hostile code claiming two
// billion siblings would have MergeBatches list them all as missing.
const MaxBatchSize = 1000

func migrationAccounts(m *migrationPB) ([]Enrollment, error) {
	params := m.GetOtpParameters()
	if len(params) == 0 {
		return nil, errors.New("data: the export holds no accounts")
	}

	var es []Enrollment
	var first error
	for i, p := range params {
		e, err := migrationAccount(p)
		if err != nil {
			if first == nil {
				first = fmt.Errorf("account %d of %d: %w",
					i+1, len(params), err)
			}
			continue
		}
		es = append(es, e)
	}
	return es, first
}

func migrationAccount(p *otpParams) (Enrollment, error) {
	var e Enrollment
	if err := e.setName(p.GetName()); err != nil {
		return Enrollment{}, err
	}

	e.IssuerParam = p.GetIssuer()
	if !utf8.ValidString(e.IssuerParam) {
		return Enrollment{}, errors.New("issuer: not UTF-8")
	}
	e.Issuer = e.IssuerParam
	if e.Issuer == "" {
		e.Issuer = e.LabelIssuer
	}

	o, err := migrationOTP(p)
	if err != nil {
		return Enrollment{}, err
	}
	e.OTP = o
	return e, nil
}

// setName splits an exported name, which carries the label of the
// account's original Key URI, already unescaped.
func (e *Enrollment) setName(name string) error {
	if !utf8.ValidString(name) {
		return errors.New("name: not UTF-8")
	}

	issuer, account, ok := strings.Cut(name, ":")
	if !ok {
		issuer, account = "", name
	}
	e.LabelIssuer = issuer
	e.Account = strings.TrimLeft(account, " ")
	return nil
}

// migrationOTP converts one exported account. The export has no period:
// Google Authenticator supports only 30 seconds, and an HOTP account has
// none (migrationCounter clears it).
func migrationOTP(p *otpParams) (vault.OTP, error) {
	o := vault.OTP{Period: vault.DefaultPeriod, Secret: p.GetSecret()}
	if len(o.Secret) == 0 {
		return vault.OTP{}, errors.New("secret: missing")
	}

	steps := []func(*vault.OTP, *otpParams) error{
		migrationType, migrationAlgorithm, migrationDigits,
	}
	for _, step := range steps {
		if err := step(&o, p); err != nil {
			return vault.OTP{}, err
		}
	}

	if err := o.Validate(); err != nil {
		return vault.OTP{}, err
	}
	return o, nil
}

func migrationType(o *vault.OTP, p *otpParams) error {
	switch p.GetType() {
	case migrationpb.Payload_OTP_TYPE_UNSPECIFIED,
		migrationpb.Payload_OTP_TYPE_TOTP:
		o.Type = vault.TOTP
		return nil
	case migrationpb.Payload_OTP_TYPE_HOTP:
		return migrationCounter(o, p.GetCounter())
	}
	return fmt.Errorf("type: unknown value %d", p.GetType())
}

func migrationCounter(o *vault.OTP, c int64) error {
	if c < 0 {
		return errors.New("counter: negative")
	}
	o.Type, o.Counter, o.Period = vault.HOTP, uint64(c), 0
	return nil
}

func migrationAlgorithm(o *vault.OTP, p *otpParams) error {
	switch p.GetAlgorithm() {
	case migrationpb.Payload_ALGORITHM_UNSPECIFIED,
		migrationpb.Payload_ALGORITHM_SHA1:
		o.Algorithm = vault.SHA1
	case migrationpb.Payload_ALGORITHM_SHA256:
		o.Algorithm = vault.SHA256
	case migrationpb.Payload_ALGORITHM_SHA512:
		o.Algorithm = vault.SHA512
	case migrationpb.Payload_ALGORITHM_MD5:
		return errors.New("algorithm: MD5 is not supported")
	default:
		return fmt.Errorf("algorithm: unknown value %d", p.GetAlgorithm())
	}
	return nil
}

func migrationDigits(o *vault.OTP, p *otpParams) error {
	switch p.GetDigits() {
	case migrationpb.Payload_DIGIT_COUNT_UNSPECIFIED,
		migrationpb.Payload_DIGIT_COUNT_SIX:
		o.Digits = 6
	case migrationpb.Payload_DIGIT_COUNT_EIGHT:
		o.Digits = 8
	default:
		return fmt.Errorf("digits: unknown value %d", p.GetDigits())
	}
	return nil
}
