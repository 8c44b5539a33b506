/**
 * The caption textarea with the phrases painted behind the text: a backdrop with the same
 * font and wrapping holds coloured marks under each phrase, and hatches the part past the
 * tokenizer's limit. Reports the current selection as a candidate phrase span.
 */
import { memo, useLayoutEffect, useMemo, useRef, type CSSProperties } from 'react';
import type { Span, ViewPhrase } from '../view-model.ts';
import { segmentCaption } from './segments.ts';
import { spanFromSelection } from './selection.ts';

export interface CaptionInputProps {
  readonly text: string;
  readonly phrases: readonly ViewPhrase[];
  readonly cutAt: number | null;
  readonly selectedPhraseId: string | null;
  readonly disabled?: boolean;
  readonly placeholder?: string;
  onTextChange(text: string): void;
  /** The selection as a phrase span that could be added, or null. */
  onSelectionSpan(span: Span | null): void;
}

// The textarea and its backdrop must lay text out identically.
const shared: CSSProperties = {
  boxSizing: 'border-box',
  width: '100%',
  margin: 0,
  padding: '8px 10px',
  border: '1px solid transparent',
  font: '16px/1.5 system-ui, sans-serif',
  letterSpacing: 'normal',
  whiteSpace: 'pre-wrap',
  overflowWrap: 'break-word',
};

export const CUT_COLOUR = '#D55E00';

export const CaptionInput = memo(function CaptionInput(p: CaptionInputProps) {
  const backdrop = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  // Grow with the text instead of scrolling: a scrollbar would narrow the textarea and its
  // text would wrap differently from the backdrop's.
  useLayoutEffect(() => {
    const el = input.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${el.scrollHeight + 2}px`;
  }, [p.text]);
  const segments = useMemo(() => segmentCaption(p.text, p.phrases, p.cutAt), [p.text, p.phrases, p.cutAt]);
  const report = (el: HTMLTextAreaElement) => p.onSelectionSpan(spanFromSelection(el.value, el.selectionStart, el.selectionEnd, p.phrases));

  return (
    <div className="pg-caption-input" style={{ position: 'relative', background: '#fff', borderRadius: 4 }}>
      <div ref={backdrop} aria-hidden="true" style={{ ...shared, position: 'absolute', inset: 0, overflow: 'hidden', color: 'transparent' }}>
        {segments.map((s) => (
          <mark
            key={s.start}
            data-phrase-ids={s.phraseIds.join(' ') || undefined}
            data-cut={s.cut || undefined}
            style={{
              color: 'transparent',
              borderRadius: 3,
              background: s.cut
                ? `repeating-linear-gradient(135deg, ${CUT_COLOUR}40 0 4px, transparent 4px 8px)`
                : s.colour
                  ? `${s.colour}${s.phraseIds.includes(p.selectedPhraseId ?? '') ? '99' : '4D'}`
                  : 'transparent',
              boxShadow: s.colour && !s.cut ? `inset 0 -2px 0 ${s.colour}` : undefined,
              textDecoration: s.cut ? `line-through ${CUT_COLOUR}` : undefined,
            }}
          >
            {s.text}
          </mark>
        ))}
        {/* a textarea shows a last empty line after a trailing newline; so must the backdrop */}
        {p.text.endsWith('\n') ? ' ' : null}
      </div>
      <textarea
        ref={input}
        aria-label="Caption"
        value={p.text}
        disabled={p.disabled}
        placeholder={p.placeholder}
        rows={2}
        spellCheck={false}
        onChange={(e) => {
          p.onTextChange(e.target.value);
          report(e.target);
        }}
        onSelect={(e) => report(e.currentTarget)}
        style={{ ...shared, position: 'relative', display: 'block', resize: 'none', overflow: 'hidden', background: 'transparent', color: '#111', borderColor: '#999', borderRadius: 4 }}
      />
    </div>
  );
});
