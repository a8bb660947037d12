// A tabbed panel area. Tabs are plain data so other panels (KV view, test run, version
// diff) can be added by listing them in EditorPage.
import type { ReactNode } from "react";

export interface PanelTab {
  id: string;
  label: ReactNode;
  render: () => ReactNode;
}

interface Props {
  tabs: readonly PanelTab[];
  active: string;
  onSelect: (id: string) => void;
  className: string;
  extra?: ReactNode;
}

export function PanelArea({ tabs, active, onSelect, className, extra }: Props) {
  const current = tabs.find((t) => t.id === active) ?? tabs[0];
  return (
    <section className={`panel-area ${className}`}>
      <div className="panel-tabs" role="tablist">
        {tabs.map((t) => (
          <button key={t.id} type="button" role="tab" aria-selected={t.id === current?.id} className={t.id === current?.id ? "active" : undefined} onClick={() => onSelect(t.id)} data-testid={`tab-${t.id}`}>
            {t.label}
          </button>
        ))}
        {extra}
      </div>
      <div className="panel-body" role="tabpanel">{current?.render()}</div>
    </section>
  );
}
