// Package migrationpb holds the protocol buffer schema of Google
// Authenticator's account export and the Go code generated from it.
// The generated file is committed so that building needs no protoc.
package migrationpb

//go:generate protoc --go_out=. --go_opt=paths=source_relative migration.proto
