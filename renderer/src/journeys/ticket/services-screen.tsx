import type { CategoryView, ServiceView } from '../../../../kiosk-config/src/index';
import { useT } from '../../i18n/use-t';
import { BookingIcon, ChevronIcon, ClockIcon } from '../../ui/icons';
import { Screen } from '../../ui/screen';
import { listPreview, serviceClosedLine } from './ticket-texts';

/** Props of the services screen. */
export interface ServicesScreenProps {
  category: CategoryView | undefined;
  services: readonly ServiceView[];
  /** The office's date now, `YYYY-MM-DD`: a closed card names the day it opens. */
  today: string;
  onChoose: (service: ServiceView) => void;
  onBack: () => void;
  onHome: () => void;
}

/**
 * The services of one category as big cards: the plain name, one line of what it gives, what to
 * bring (the first lines; the confirm screen lists them all), and whether a ticket can be taken
 * now. A card taken by appointment only leads to the check-in; a closed one says when it opens
 * and leads nowhere.
 */
export function ServicesScreen({ category, services, today, onChoose, onBack, onHome }: ServicesScreenProps) {
  const t = useT();
  return (
    <Screen
      testId="screen-services"
      title={category?.name ?? t('ticket.services.title')}
      onBack={onBack}
      onHome={onHome}
    >
      <p className="screen-lead">{t('ticket.services.lead')}</p>
      <div className="card-list card-grid">
        {services.map((service) => (
          <ServiceCard key={service.id} service={service} today={today} onChoose={onChoose} />
        ))}
      </div>
    </Screen>
  );
}

function ServiceCard({
  service,
  today,
  onChoose,
}: {
  service: ServiceView;
  today: string;
  onChoose: (service: ServiceView) => void;
}) {
  const t = useT();
  const { availability } = service;
  const closed = availability.state === 'closed';
  return (
    <button
      type="button"
      className={`card card-service card-service-${availability.state}`}
      data-testid={`service-${service.id}`}
      data-availability={availability.state}
      disabled={closed}
      onClick={() => onChoose(service)}
    >
      <span className="card-text">
        <span className="card-title" data-i18n-data>
          {service.name}
        </span>
        {service.summary !== undefined && (
          <span className="card-summary" data-i18n-data>
            {service.summary}
          </span>
        )}
        {availability.state === 'booking_only' && (
          <span className="card-state card-state-booking">
            <BookingIcon />
            <span>{t('ticket.bookingOnly')}</span>
          </span>
        )}
        {availability.state === 'closed' && (
          <span className="card-state card-state-closed">
            <ClockIcon />
            <span>{serviceClosedLine(availability, today, t)}</span>
          </span>
        )}
        <DocumentsPreview documents={service.documents} />
      </span>
      {!closed && (
        <span className="card-chevron">
          <ChevronIcon />
        </span>
      )}
    </button>
  );
}

/** «Что взять с собой»: the first lines, and how many more the confirm screen lists. */
function DocumentsPreview({ documents }: { documents: readonly string[] }) {
  const t = useT();
  if (documents.length === 0) return null;
  const preview = listPreview(documents);
  return (
    <span className="card-documents">
      <span className="card-documents-label">{t('ticket.documents')}</span>
      {preview.items.map((document) => (
        <span className="card-document" key={document} data-i18n-data>
          {document}
        </span>
      ))}
      {preview.more > 0 && (
        <span className="card-documents-more">{t('ticket.documentsMore', { count: preview.more })}</span>
      )}
    </span>
  );
}
