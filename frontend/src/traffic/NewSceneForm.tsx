// Make a scene (admins): slug, name, description and its kind, which never changes after.
// The server's refusals show next to the field they name; the others under the form.
import { useState, type FormEvent } from "react";
import { api } from "../api/client";
import type { Problem } from "../api/types";
import { ErrorList } from "./ErrorList";
import type { Scene, SceneKind } from "./types";
import { useSubmit } from "./useSubmit";

const KINDS: Array<{ kind: SceneKind; label: string; help: string }> = [
  { kind: "recommend", label: "Recommend", help: "Answers recommendation requests with its graph (a feed, a search, an ad slot)." },
  { kind: "rules", label: "Rules", help: "Watches users' behaviour events and fires actions when a rule's pattern matches." },
];
const FIELDS = ["slug", "name", "description", "kind"] as const;

const slugify = (name: string) => name.trim().toLowerCase().replace(/[^a-z0-9_-]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 64);
const fieldOf = (p: Problem) => (p.field ?? "").split(/[.[]/)[0] ?? "";

function FieldProblems({ problems, field }: { problems: Problem[]; field: string }) {
  const mine = problems.filter((p) => fieldOf(p) === field);
  if (!mine.length) return null;
  return <span className="field-problem" role="alert" data-testid={`scene-${field}-error`}>{mine.map((p) => p.message.charAt(0).toUpperCase() + p.message.slice(1)).join(" ")}</span>;
}

export function NewSceneForm({ onCreated, onCancel }: { onCreated: (scene: Scene) => void; onCancel: () => void }) {
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const [slugTouched, setSlugTouched] = useState(false);
  const [description, setDescription] = useState("");
  const [kind, setKind] = useState<SceneKind>("recommend");
  const { busy, problems, run } = useSubmit();
  const general = problems.filter((p) => !(FIELDS as readonly string[]).includes(fieldOf(p)));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = { slug: slug.trim(), name: name.trim(), description, kind };
    const answer: { scene?: Scene } = {};
    const ok = await run(async () => {
      answer.scene = (await api.post<Scene>("/api/scenes/", body)).data;
    });
    if (ok && answer.scene) onCreated(answer.scene);
  };

  return (
    <form className="traffic-form" onSubmit={submit} data-testid="scene-form" noValidate>
      <div className="form-row top">
        <label>Name
          <input value={name} onChange={(e) => { setName(e.target.value); if (!slugTouched) setSlug(slugify(e.target.value)); }} data-testid="scene-name" />
          <FieldProblems problems={problems} field="name" />
        </label>
        <label>Slug (in URLs; cannot change)
          <input value={slug} onChange={(e) => { setSlug(e.target.value); setSlugTouched(true); }} data-testid="scene-slug" />
          <FieldProblems problems={problems} field="slug" />
        </label>
      </div>
      <label>Description
        <input value={description} onChange={(e) => setDescription(e.target.value)} placeholder="optional" data-testid="scene-description" />
        <FieldProblems problems={problems} field="description" />
      </label>
      <fieldset className="kind-choices" data-testid="scene-kind-choices">
        <legend>What it serves (cannot change later)</legend>
        {KINDS.map((k) => (
          <label key={k.kind} className={`kind-choice${kind === k.kind ? " chosen" : ""}`}>
            <input type="radio" name="scene-kind" value={k.kind} checked={kind === k.kind} onChange={() => setKind(k.kind)} data-testid={`scene-kind-${k.kind}`} />
            <span><strong>{k.label}</strong><br />{k.help}</span>
          </label>
        ))}
      </fieldset>
      <FieldProblems problems={problems} field="kind" />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy} data-testid="scene-save">{busy ? "Creating…" : "Create scene"}</button>
        <button type="button" onClick={onCancel}>Cancel</button>
      </div>
      <ErrorList problems={general} />
    </form>
  );
}
