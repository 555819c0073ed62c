import type { CatalogueView } from '../../../../kiosk-config/src/index';
import { useT } from '../../i18n/use-t';
import { ChevronIcon } from '../../ui/icons';
import { Screen } from '../../ui/screen';
import type { CatalogueLoad } from './ticket-journey';
import { categoriesWithServices } from './ticket-journey';

/** Props of the categories screen. */
export interface CategoriesScreenProps {
  catalogue: CatalogueLoad;
  onChoose: (categoryId: string) => void;
  onRetry: () => void;
  onHome: () => void;
}

/** The first step of the ticket path: pick what the visit is about. */
export function CategoriesScreen({ catalogue, onChoose, onRetry, onHome }: CategoriesScreenProps) {
  const t = useT();
  return (
    <Screen testId="screen-categories" title={t('ticket.categories.title')} onHome={onHome}>
      {catalogue.status === 'loading' && <p className="loading">{t('ticket.categories.loading')}</p>}
      {catalogue.status === 'failed' && <CatalogueFailed onRetry={onRetry} />}
      {catalogue.status === 'loaded' && <CategoryCards catalogue={catalogue.catalogue} onChoose={onChoose} />}
    </Screen>
  );
}

function CategoryCards({ catalogue, onChoose }: { catalogue: CatalogueView; onChoose: (id: string) => void }) {
  const t = useT();
  const categories = categoriesWithServices(catalogue);
  if (categories.length === 0) {
    return (
      <div className="notice">
        <p>{t('ticket.categories.none')}</p>
      </div>
    );
  }
  return (
    <div className="card-list card-grid">
      {categories.map((category) => (
        <button
          type="button"
          key={category.id}
          className="card card-category"
          data-testid={`category-${category.id}`}
          onClick={() => onChoose(category.id)}
        >
          <span className="card-title" data-i18n-data>
            {category.name}
          </span>
          <span className="card-chevron">
            <ChevronIcon />
          </span>
        </button>
      ))}
    </div>
  );
}

function CatalogueFailed({ onRetry }: { onRetry: () => void }) {
  const t = useT();
  return (
    <div className="notice" data-testid="catalogue-error">
      <p>{t('ticket.categories.failed')}</p>
      <p>{t('ticket.categories.failedHint')}</p>
      <button type="button" className="button button-primary" data-testid="catalogue-retry" onClick={onRetry}>
        {t('common.retry')}
      </button>
    </div>
  );
}
