#!/bin/sh
# corpus.sh: measures Tessera's scanner on the public QR corpus in
# ../shared/corpus/qr beside ZXingReader and zbarimg (when installed),
# then times a 4K screenshot with one small code against ZXingReader.
# Both print Markdown tables, the ones in docs/performance.md.
#
# Run from anywhere in the repository; TESSERA_CORPUS names another
# corpus folder. Set TESSERA_BENCH=v to list the pictures Tessera missed.
set -eu

cd "$(dirname "$0")/.."
export TESSERA_BENCH="${TESSERA_BENCH:-1}"

for tool in ZXingReader zbarimg; do
	command -v "$tool" >/dev/null ||
		echo "corpus.sh: $tool not installed; its columns are left out" >&2
done

go test -count=1 -run '^TestCorpus$' -v ./bench/ | grep -v '^=== RUN'
go test -count=1 -run '^TestScreenshot4K$' -v ./bench/ |
	grep -v '^=== RUN' | sed 's/^ *screen_test.go:[0-9]*: //'
