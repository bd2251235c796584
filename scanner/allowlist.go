package scanner

//go:generate go run ./internal/genproviders -in ../../shared/data/twofactorauth/entries.json -out ../assets/providers.json
