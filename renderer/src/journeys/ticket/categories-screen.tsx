import type { CatalogueView } from '../../../../kiosk-config/src/index';
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
  return (
    <Screen testId="screen-categories" title="Выберите, по какому вопросу вы пришли" onHome={onHome}>
      {catalogue.status === 'loading' && <p className="loading">Загружаем список услуг…</p>}
      {catalogue.status === 'failed' && <CatalogueFailed onRetry={onRetry} />}
      {catalogue.status === 'loaded' && <CategoryCards catalogue={catalogue.catalogue} onChoose={onChoose} />}
    </Screen>
  );
}

function CategoryCards({ catalogue, onChoose }: { catalogue: CatalogueView; onChoose: (id: string) => void }) {
  const categories = categoriesWithServices(catalogue);
  if (categories.length === 0) {
    return (
      <div className="notice">
        <p>Сейчас на этом терминале нельзя взять талон. Обратитесь, пожалуйста, к сотруднику центра.</p>
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
          <span className="card-title">{category.name}</span>
          <span className="card-chevron">
            <ChevronIcon />
          </span>
        </button>
      ))}
    </div>
  );
}

function CatalogueFailed({ onRetry }: { onRetry: () => void }) {
  return (
    <div className="notice" data-testid="catalogue-error">
      <p>Не получилось загрузить список услуг.</p>
      <p>Попробуйте ещё раз. Если не получится, обратитесь к сотруднику центра.</p>
      <button type="button" className="button button-primary" data-testid="catalogue-retry" onClick={onRetry}>
        Попробовать ещё раз
      </button>
    </div>
  );
}
