// at: drivers/printer/probe.ts
// rule: no-test-code-outside-tests
// A test file is never imported by code.
import './escpos-printer.test';
