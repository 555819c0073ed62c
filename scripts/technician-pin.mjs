// Makes the hash of a kiosk's technician PIN for its config (`technician.pinHash`): the PIN is
// read from standard input (typed without echo on a terminal, or piped), never from the command
// line (it would stay in the shell's history and the process list). Prints one line:
//
//   node scripts/technician-pin.mjs            (asks twice)
//   printf '%s' 482915 | node scripts/technician-pin.mjs
//
// The hash is scrypt (N = 2^15, r 8, p 1, a random salt) in the console's password format
// `scrypt$1$15$8$1$<salt>$<hash>` (hub/console/password-hash.ts verifies it on the kiosk).
// docs/operations/technician/access.md
import { randomBytes, scrypt } from 'node:crypto';
import { stderr, stdin, stdout } from 'node:process';

const COST = { log2N: 15, r: 8, p: 1 };
const PIN = /^\d{4,12}$/;

function derive(pin, salt) {
  const N = 2 ** COST.log2N;
  return new Promise((resolve, reject) =>
    scrypt(pin.normalize('NFC'), salt, 32, { N, r: COST.r, p: COST.p, maxmem: 256 * N * COST.r }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** One line typed on the terminal without echo. */
function askHidden(question) {
  return new Promise((resolve) => {
    stderr.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    let typed = '';
    const onData = (chunk) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off('data', onData);
          stderr.write('\n');
          resolve(typed);
          return;
        }
        if (char === '\u0003') process.exit(130);
        typed = char === '\u007f' ? typed.slice(0, -1) : typed + char;
      }
    };
    stdin.on('data', onData);
  });
}

async function readPiped() {
  let text = '';
  for await (const chunk of stdin) text += chunk;
  return text.replace(/\r?\n$/, '');
}

let pin;
if (stdin.isTTY) {
  pin = await askHidden('PIN техника (4–12 цифр): ');
  if ((await askHidden('Ещё раз: ')) !== pin) {
    stderr.write('technician-pin: the two PINs differ\n');
    process.exit(1);
  }
} else {
  pin = await readPiped();
}
if (!PIN.test(pin)) {
  stderr.write('technician-pin: a PIN is 4 to 12 digits\n');
  process.exit(1);
}
if (/^(\d)\1+$/.test(pin) || '01234567890123456789'.includes(pin) || '98765432109876543210'.includes(pin)) {
  stderr.write('technician-pin: choose a PIN that is not one digit repeated or a run (1234, 9876)\n');
  process.exit(1);
}
const salt = randomBytes(16);
const key = await derive(pin, salt);
stdout.write(`scrypt$1$${COST.log2N}$${COST.r}$${COST.p}$${salt.toString('base64url')}$${key.toString('base64url')}\n`);
