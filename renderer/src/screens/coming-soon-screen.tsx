import { Screen } from '../ui/screen';

/** A service this kiosk will offer later: says so calmly and sends the visitor to a specialist. */
export function ComingSoonScreen(props: { testId: string; title: string; onHome: () => void }) {
  return (
    <Screen testId={props.testId} title={props.title} onHome={props.onHome} variant="centered">
      <div className="notice">
        <p className="notice-lead">Скоро эта услуга появится на этом терминале.</p>
        <p>А пока вам поможет специалист центра. Обратитесь, пожалуйста, к сотруднику.</p>
      </div>
    </Screen>
  );
}
