// at: electron/services/devices/probe.ts
// rule: no-test-code-outside-tests
// Fakes are for tests.
import { FakeEscPosDevice } from '../../../drivers/test-support/fake-escpos-device';
