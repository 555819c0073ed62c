import type { FeeView } from '../../../../kiosk-config/src/index';
import { useT } from '../../i18n/use-t';
import { ChevronIcon } from '../../ui/icons';
import { Screen } from '../../ui/screen';
import { formatAmountShort } from './amount';

/** Props of the fees list. */
export interface PayFeesScreenProps {
  fees: readonly FeeView[];
  onChoose: (fee: FeeView) => void;
  onBack: () => void;
  onHome: () => void;
}

/**
 * The fees payable here as big cards: what it is for in plain words, the amount large in
 * roubles («2 000 ₽»), and who receives it. A card leads to the confirmation, never straight to
 * the terminal.
 */
export function PayFeesScreen({ fees, onChoose, onBack, onHome }: PayFeesScreenProps) {
  const t = useT();
  return (
    <Screen testId="screen-pay-fees" title={t('pay.fees.title')} onBack={onBack} onHome={onHome}>
      <div className="card-list">
        {fees.map((fee) => (
          <button
            key={fee.serviceId}
            type="button"
            className="card card-fee"
            data-testid={`fee-${fee.serviceId}`}
            onClick={() => onChoose(fee)}
          >
            <span className="card-text">
              <span className="card-title" data-i18n-data>
                {fee.name}
              </span>
              <span className="fee-recipient">{t('pay.feeRecipient', { recipient: fee.recipient })}</span>
            </span>
            <span className="fee-amount" data-i18n-data>
              {formatAmountShort(fee.amountMinor)}
            </span>
            <span className="card-chevron">
              <ChevronIcon />
            </span>
          </button>
        ))}
      </div>
    </Screen>
  );
}
