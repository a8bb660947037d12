// Docstring text: paragraphs, with `code` spans rendered as code.
import { paragraphs, segments } from "./text";

export function Inline({ text }: { text: string }) {
  return (
    <>
      {segments(text).map((s, i) => (s.code ? <code key={i}>{s.text}</code> : <span key={i}>{s.text}</span>))}
    </>
  );
}

export function Prose({ text }: { text: string }) {
  const blocks = paragraphs(text);
  if (!blocks.length) return <p className="muted">No description.</p>;
  return (
    <div className="prose">
      {blocks.map((p, i) => (
        <p key={i}>
          <Inline text={p} />
        </p>
      ))}
    </div>
  );
}
