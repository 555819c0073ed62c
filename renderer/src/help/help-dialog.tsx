import type { ReactNode } from 'react';
import { formatPhone } from '../../../kiosk-config/src/index';
import { useOfficePhone } from '../content/content-context';
import { useT } from '../i18n/use-t';
import { DigitPad } from '../ui/keypad';
import { isWholePhone } from './phone-digits';
import type { HelpDialogState } from './use-help';

/**
 * The help dialog over the visitor's screen: «Сотрудник подойдёт» with how many wait for help
 * before this visitor and how many wait in the office's ticket queue (how busy the staff are), the phone step of a call-back where no staff are on site, and, when
 * the hub cannot be reached, where else to turn (the reception desk, or the office's phone in a
 * remote office). Staff see only the screen's name and the time (docs/accessibility/help.md).
 */
export function HelpDialog({ help, staffOnSite }: { help: HelpDialogState; staffOnSite: boolean }) {
  const t = useT();
  const { state } = help;
  if (state.step === 'closed') return null;
  return (
    // The overlay's look and placement (in the low layout, at the screen's foot), as the idle warning's.
    <div className="overlay help-overlay">
      <section
        className="overlay-card help-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="help-title"
        data-testid="help-dialog"
        data-step={state.step}
      >
        <HelpBody help={help} staffOnSite={staffOnSite} />
        <button
          type="button"
          className="button button-secondary help-close"
          data-testid="help-close"
          onClick={help.close}
        >
          {t('help.close')}
        </button>
      </section>
    </div>
  );
}

function HelpBody({ help, staffOnSite }: { help: HelpDialogState; staffOnSite: boolean }) {
  const t = useT();
  const { state } = help;
  switch (state.step) {
    case 'closed':
      return null;
    case 'sending':
      return <Message title={t('help.sending')} />;
    case 'called':
      return (
        <Message title={t('help.called')}>
          <p>{t('help.calledLead')}</p>
          <p data-testid="help-ahead" data-speak="answer">
            {state.ahead === 0 ? t('help.aheadNone') : t('help.ahead', { count: state.ahead })}
          </p>
          {state.waiting !== undefined && (
            <p data-testid="help-queue" data-speak="answer">
              {state.waiting === 0 ? t('help.queueEmpty') : t('help.queueWaiting', { count: state.waiting })}
            </p>
          )}
        </Message>
      );
    case 'phone':
      return (
        <Message title={t('help.phoneTitle')}>
          <p>{t('help.phoneLead')}</p>
          <output className="help-phone" data-testid="help-phone" aria-label={t('help.phoneLabel')}>
            {formatPhone(state.digits)}
          </output>
          <DigitPad onPress={help.press} className="help-keys" />
          <p className="help-note">{t('help.phoneNote')}</p>
          <button
            type="button"
            className="button button-primary help-confirm"
            data-testid="help-callback-confirm"
            disabled={!isWholePhone(state.digits)}
            onClick={help.confirmPhone}
          >
            {t('help.phoneConfirm')}
          </button>
        </Message>
      );
    case 'callbackSending':
      return <Message title={t('help.callbackSending')} />;
    case 'queued':
      return (
        <Message title={t('help.queued')}>
          <p data-testid="help-queued" data-speak-private>
            {t('help.queuedLead', { phone: formatPhone(state.digits), minutes: state.minutes })}
          </p>
          {state.ahead > 0 && <p>{t('help.queuedAhead', { count: state.ahead })}</p>}
        </Message>
      );
    case 'busy':
      return (
        <Message title={t('help.unreachable')}>
          <p>{t('help.busy')}</p>
        </Message>
      );
    case 'unreachable':
      return (
        <Message title={t('help.unreachable')}>
          {staffOnSite ? (
            <p data-testid="help-elsewhere" data-speak="answer">
              {t('help.goToDesk')}
            </p>
          ) : (
            <CallTheOffice />
          )}
        </Message>
      );
    case 'noCallCentre':
      return (
        <Message title={t('help.noCallCentre')}>
          <CallTheOffice />
        </Message>
      );
  }
}

/** Where no one is on site and no call-back can be ordered: the office's phone, from the release's office details. */
function CallTheOffice() {
  const t = useT();
  const phone = useOfficePhone();
  return (
    <p data-testid="help-elsewhere" data-speak="answer">
      {phone === undefined ? t('help.callOfficeNoPhone') : t('help.callOffice', { phone })}
    </p>
  );
}

function Message({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <>
      {/* The dialog's own heading: the page under it is inert, so this is the one the visitor hears. */}
      <h1 id="help-title" className="overlay-title" data-testid="help-title" aria-live="polite">
        {title}
      </h1>
      {children}
    </>
  );
}
