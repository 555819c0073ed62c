import type { TechnicianSignInRefusal } from '../../../../kiosk-config/src/index';

/**
 * What the sign-in screen says when it refuses: why, in words a technician acts on, and nothing
 * that helps a guesser (a forged code and a damaged one read the same).
 */
export function refusalText(
  reason: TechnicianSignInRefusal,
  extra: { attemptsLeft?: number | undefined; lockedUntil?: string | undefined },
): string {
  switch (reason) {
    case 'invalid':
      return 'Код не принят. Попросите в центре новый QR-код техника.';
    case 'expired':
      return 'Срок действия кода истёк. Попросите в центре новый QR-код.';
    case 'not_yet_valid':
      return 'Код ещё не действует: проверьте время на терминале или войдите по PIN.';
    case 'other_kiosk':
      return 'Этот код выдан для другого терминала.';
    case 'spent':
      return 'С этим кодом уже вышли из режима обслуживания. Попросите новый.';
    case 'no_key':
      return 'Терминал ещё не получил ключ центра для QR-кодов. Войдите по PIN.';
    case 'wrong_pin':
      return extra.attemptsLeft === undefined
        ? 'Неверный PIN.'
        : `Неверный PIN. Осталось попыток: ${extra.attemptsLeft}.`;
    case 'locked':
      return extra.lockedUntil === undefined
        ? 'Вход по PIN временно заблокирован.'
        : `Слишком много неверных PIN. Вход по PIN заблокирован до ${extra.lockedUntil}.`;
    case 'no_pin':
      return 'PIN на этом терминале не задан. Войдите по QR-коду.';
    case 'visitor_session':
      return 'Терминалом пользуется посетитель.';
  }
}

/** A scanned code that is not a technician's (a receipt's barcode, a payment QR). */
export const NOT_A_TECHNICIAN_CODE = 'Это не QR-код техника.';
