// at: electron/services/session/probe.ts
// rule: no-test-code-outside-tests
// The in-memory logger is for tests.
import { memoryLogger } from '../test-support';
