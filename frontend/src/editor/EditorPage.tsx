// /graphs/:id — palette | canvas (+ problems below) | inspector, toolbar on top.
import { useCallback, useEffect, useMemo, useState } from "react";
import { useParams } from "react-router-dom";
import { ReactFlowProvider, useReactFlow } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import "./editor.css";
import { useMe } from "../api/me";
import { isEqual } from "../lib/docDiff";
import { DiffBanner } from "../panels/DiffBanner";
import { ImportNotice } from "../panels/ImportNotice";
import { KvPanel } from "../panels/KvPanel";
import { SimulatePanel } from "../panels/SimulatePanel";
import { TestRunPanel } from "../panels/TestRunPanel";
import { VersionsPanel } from "../panels/VersionsPanel";
import { Canvas } from "./Canvas";
import { ConflictDialog } from "./ConflictDialog";
import { DraftBanner } from "./DraftBanner";
import { HelpPanel } from "./HelpPanel";
import { Inspector } from "./Inspector";
import { PanelArea, type PanelTab } from "./PanelArea";
import { Palette } from "./Palette";
import { ProblemsPanel } from "./ProblemsPanel";
import { clearDraft, fetchCatalog, fetchGraph, readDraft, type Draft } from "./persistence";
import { useShortcuts } from "./shortcuts";
import { useEditor } from "./store";
import { Toolbar } from "./Toolbar";
import { useLiveValidation } from "./useLiveValidation";
import { useUnsavedGuard } from "./useUnsavedGuard";

function ProblemsLabel() {
  const count = useEditor((s) => s.problems.length);
  return <>Problems {count > 0 && <span className="tab-count">{count}</span>}</>;
}

// Panel tabs.
const RIGHT_TABS: PanelTab[] = [
  { id: "inspector", label: "Inspector", render: () => <Inspector /> },
  { id: "kv", label: "KV", render: () => <KvPanel /> },
  { id: "test-run", label: "Test run", render: () => <TestRunPanel /> },
  { id: "versions", label: "Versions", render: () => <VersionsPanel /> },
];
// Rule graphs (any cep.* pattern node) also get a simulator, next to the test run.
const SIMULATE_TAB: PanelTab = { id: "simulate", label: "Simulate", render: () => <SimulatePanel /> };
const RULE_TABS: PanelTab[] = RIGHT_TABS.flatMap((t) => (t.id === "test-run" ? [t, SIMULATE_TAB] : [t]));
const BOTTOM_TABS: PanelTab[] = [{ id: "problems", label: <ProblemsLabel />, render: () => <ProblemsPanel /> }];

function EditorView({ graphId }: { graphId: number }) {
  const me = useMe();
  const [error, setError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [draft, setDraft] = useState<Draft | null>(null);
  const rightTab = useEditor((s) => s.rightTab);
  const bottomTab = useEditor((s) => s.bottomTab);
  const setRightTab = useEditor((s) => s.setRightTab);
  const setBottomTab = useEditor((s) => s.setBottomTab);
  const canEdit = useEditor((s) => s.canEdit);
  const hasRules = useEditor((s) => s.doc.nodes.some((n) => n.op.startsWith("cep.")));
  const rightTabs = useMemo(() => (hasRules ? RULE_TABS : RIGHT_TABS), [hasRules]);
  const revision = useEditor((s) => s.resource?.revision ?? 0);
  const { fitView } = useReactFlow();
  const fit = useCallback(() => void fitView({ padding: 0.1, maxZoom: 1, duration: 200 }), [fitView]);

  useEffect(() => {
    let cancelled = false;
    useEditor.getState().reset();
    Promise.all([fetchCatalog(), fetchGraph(graphId)])
      .then(([entries, { resource, etag }]) => {
        if (cancelled) return;
        const s = useEditor.getState();
        s.setCatalog(entries);
        s.load(resource, etag);
        const stored = readDraft(graphId);
        const loadedState = useEditor.getState();
        if (stored && (!isEqual(stored.doc, loadedState.doc) || stored.description !== loadedState.description)) setDraft(stored);
        else if (stored) clearDraft(graphId);
        setLoaded(true);
      })
      .catch((err: unknown) => !cancelled && setError(err instanceof Error ? err.message : String(err)));
    return () => {
      cancelled = true;
    };
  }, [graphId]);

  useEffect(() => useEditor.getState().setCanEdit(!!me?.can_edit), [me]);
  useLiveValidation();
  useUnsavedGuard(draft !== null);
  useShortcuts(fit);

  if (error) return <p className="empty">Could not open graph {graphId}: {error}</p>;
  if (!loaded) return <p className="empty">Loading graph…</p>;

  const restore = () => {
    if (!draft) return;
    const s = useEditor.getState();
    s.commit(draft.doc);
    s.setDescription(draft.description);
    setDraft(null);
  };
  const discard = () => {
    clearDraft(graphId);
    setDraft(null);
  };

  return (
    <div className="editor" data-testid="editor">
      <Toolbar fitView={fit} />
      {draft && canEdit && <DraftBanner draft={draft} currentRevision={revision} onRestore={restore} onDiscard={discard} />}
      <ImportNotice />
      <DiffBanner />
      <div className={`editor-main${rightTab === "simulate" && hasRules ? " wide-right" : ""}`}>
        <Palette />
        <div className="editor-center">
          <Canvas />
          <PanelArea className="bottom" tabs={BOTTOM_TABS} active={bottomTab} onSelect={setBottomTab} />
        </div>
        <PanelArea className="right" tabs={rightTabs} active={rightTab} onSelect={setRightTab} />
      </div>
      <HelpPanel />
      <ConflictDialog />
    </div>
  );
}

export function EditorPage() {
  const { id } = useParams();
  const graphId = Number(id);
  if (!Number.isInteger(graphId) || graphId <= 0) return <p className="empty">No such graph.</p>;
  return (
    // Keyed: another graph gets a fresh React Flow store (viewport, fit on open).
    <ReactFlowProvider key={graphId}>
      <EditorView graphId={graphId} />
    </ReactFlowProvider>
  );
}
