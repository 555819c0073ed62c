import type { CategoryView, ServiceView } from '../../../kiosk-config/src/index';
import { ChevronIcon } from '../ui/icons';
import { Screen } from '../ui/screen';

/** Props of the services screen. */
export interface ServicesScreenProps {
  category: CategoryView | undefined;
  services: readonly ServiceView[];
  onChoose: (service: ServiceView) => void;
  onBack: () => void;
  onHome: () => void;
}

/** The services of one category, each with the documents to bring. */
export function ServicesScreen({ category, services, onChoose, onBack, onHome }: ServicesScreenProps) {
  return (
    <Screen testId="screen-services" title={category?.name ?? 'Выберите услугу'} onBack={onBack} onHome={onHome}>
      <p className="screen-lead">Выберите услугу:</p>
      <div className="card-list card-grid">
        {services.map((service) => (
          <button
            type="button"
            key={service.id}
            className="card card-service"
            data-testid={`service-${service.id}`}
            onClick={() => onChoose(service)}
          >
            <span className="card-text">
              <span className="card-title">{service.name}</span>
              {service.documents.length > 0 && (
                <span className="card-documents">
                  <span className="card-documents-label">Возьмите с собой:</span>
                  {service.documents.map((document) => (
                    <span className="card-document" key={document}>
                      {document}
                    </span>
                  ))}
                </span>
              )}
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
