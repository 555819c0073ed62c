import { useEffect, useMemo, useState } from 'react';
import { parseInRussian } from '../../../../kiosk-config/src/config/russian-issues';
import { TechnicianSettings, unflattenSettings } from '../../../../kiosk-config/src/config/technician-settings';
import type {
  ConfigChangeState,
  KioskApi,
  SettingsField,
  SettingsFormView,
  SettingsValue,
  SettingsValues,
} from '../../../../kiosk-config/src/index';
import { ChoiceRow } from './choice-row';
import { ConfigChangeBar } from './config-change-bar';
import { OnScreenKeyboard } from './on-screen-keyboard';

/** A field's test id part: its path with dots as dashes (`session-idleResetSeconds`). */
const idOf = (path: string) => path.replaceAll('.', '-');

/**
 * What the page is given: the technician pages' props (`TechnicianPageProps`), spelled out here
 * because the page registry imports the page (importing its type back would be a cycle).
 */
interface PageProps {
  api: KioskApi;
  timeZone: string;
}

/**
 * «Настройки»: the config's sections a technician may change, as a form drawn from the schema the
 * main side sends (`technician.settings.form`); numbers and text typed on the on-screen keyboard,
 * choices and yes/no as large buttons; each field's problem in Russian from the same zod schema
 * as you type; «Сохранить» goes to the config store, which checks it all again.
 */

export function SettingsPage({ api, timeZone }: PageProps) {
  const [form, setForm] = useState<SettingsFormView | null>(null);
  const [values, setValues] = useState<SettingsValues>({});
  const [editing, setEditing] = useState<SettingsField | null>(null);
  const [serverIssues, setServerIssues] = useState<Array<{ path: string; message: string }>>([]);
  const [change, setChange] = useState<ConfigChangeState | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    let active = true;
    void api.call('technician.settings.form', {}).then((answer) => {
      if (!active || !answer.ok) return;
      setForm(answer.value);
      setValues(answer.value.values);
    });
    return () => {
      active = false;
    };
  }, [api]);

  const issues = useMemo(() => {
    const checked = parseInRussian(TechnicianSettings, unflattenSettings(values));
    return checked.ok ? [] : checked.issues;
  }, [values]);
  const allIssues = [...issues, ...serverIssues];
  const issueOf = (path: string) => allIssues.find((issue) => issue.path === path)?.message;

  const set = (path: string, value: SettingsValue) => {
    setServerIssues([]);
    setValues((current) => ({ ...current, [path]: value }));
  };
  const type = (char: string) => {
    if (!editing) return;
    const before = values[editing.path];
    const text = `${before === null || before === undefined ? '' : String(before)}${char}`;
    set(editing.path, editing.kind === 'string' ? text : Number(text));
  };
  const erase = () => {
    if (!editing) return;
    const text = String(values[editing.path] ?? '').slice(0, -1);
    set(editing.path, editing.kind === 'string' ? text : text === '' ? null : Number(text));
  };
  const save = async () => {
    setSaving(true);
    const answer = await api.call('technician.settings.save', { values });
    setSaving(false);
    if (!answer.ok) return;
    if (answer.value.saved) {
      setChange(answer.value.state);
      setServerIssues([]);
    } else {
      setServerIssues(answer.value.issues);
    }
  };

  if (!form) return <p>Загрузка…</p>;
  return (
    <div className="settings-page" data-testid="settings-page">
      <h1 className="technician-title">Настройки</h1>
      {form.sections.map((section) => (
        <fieldset key={section.id} className="settings-section" data-testid={`settings-section-${section.id}`}>
          <legend>{section.title}</legend>
          {form.fields
            .filter((field) => field.section === section.id)
            .map((field) => (
              <div key={field.path} className="settings-field">
                <span className="settings-label">{field.label}</span>
                <FieldInput
                  field={field}
                  value={values[field.path] ?? null}
                  editing={editing?.path === field.path}
                  onEdit={() => setEditing(field)}
                  onChange={(value) => set(field.path, value)}
                />
                {issueOf(field.path) ? (
                  <span className="settings-issue" data-testid={`settings-issue-${idOf(field.path)}`}>
                    {issueOf(field.path)}
                  </span>
                ) : null}
              </div>
            ))}
        </fieldset>
      ))}
      {serverIssues
        .filter((issue) => !form.fields.some((field) => field.path === issue.path))
        .map((issue) => (
          <p key={`${issue.path}${issue.message}`} className="technician-problem" data-testid="settings-save-issue">
            {issue.path ? `${issue.path}: ` : ''}
            {issue.message}
          </p>
        ))}
      <div className="technician-actions">
        <button
          type="button"
          className="technician-action technician-action-main"
          data-testid="settings-save"
          disabled={issues.length > 0 || saving}
          onClick={() => void save()}
        >
          Сохранить
        </button>
      </div>
      <ConfigChangeBar api={api} timeZone={timeZone} state={change} />
      {editing ? (
        <div className="settings-keyboard">
          <p className="settings-keyboard-field">
            {editing.label}: <strong data-testid="osk-value">{String(values[editing.path] ?? '')}</strong>
          </p>
          <OnScreenKeyboard
            numeric={editing.kind !== 'string'}
            onKey={type}
            onBackspace={erase}
            onDone={() => setEditing(null)}
          />
        </div>
      ) : null}
    </div>
  );
}

interface FieldInputProps {
  field: SettingsField;
  value: SettingsValue;
  editing: boolean;
  onEdit: () => void;
  onChange: (value: SettingsValue) => void;
}

/** One field: a yes/no pair, a row of choices, or a box that opens the on-screen keyboard. */
function FieldInput({ field, value, editing, onEdit, onChange }: FieldInputProps) {
  const testId = `settings-field-${idOf(field.path)}`;
  if (field.kind === 'boolean') {
    return (
      <ChoiceRow
        label={field.label}
        testId={testId}
        choices={[
          { value: true, title: 'Да' },
          { value: false, title: 'Нет' },
        ]}
        chosen={typeof value === 'boolean' ? value : null}
        onChoose={onChange}
      />
    );
  }
  if (field.kind === 'enum') {
    return (
      <ChoiceRow
        label={field.label}
        testId={testId}
        choices={(field.options ?? []).map((option) => ({
          value: option,
          title: option,
          testId: `${testId}-${option}`,
        }))}
        chosen={typeof value === 'string' ? value : null}
        onChoose={onChange}
      />
    );
  }
  const limits =
    field.min !== undefined && field.max !== undefined
      ? `от ${field.min} до ${field.max}`
      : field.maxLength !== undefined
        ? `до ${field.maxLength} знаков`
        : '';
  return (
    <button
      type="button"
      className={editing ? 'settings-input settings-input-editing' : 'settings-input'}
      data-testid={testId}
      onClick={onEdit}
    >
      <span>{value === null || value === '' ? '—' : String(value)}</span>
      {limits ? <span className="settings-limits">{limits}</span> : null}
    </button>
  );
}
