// at: drivers/codes/aim.ts
// rule: no-circular
// aim.ts is imported by hid/hid-pos-report.ts; importing it back closes a cycle.
import { decodeHidPosReport } from '../hid/hid-pos-report';
