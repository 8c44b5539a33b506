import { useEffect, useState, type DragEvent, type ReactNode } from 'react';

interface Props {
  onImage: (blob: Blob, name: string) => void;
  children: ReactNode; // the canvas: the whole area is a drop target
}

/** File picker, drag and drop onto the image area, and paste from the clipboard (anywhere). */
export function ImageInput({ onImage, children }: Props) {
  const [dragging, setDragging] = useState(false);

  useEffect(() => {
    const onPaste = (e: ClipboardEvent) => {
      const file = [...(e.clipboardData?.files ?? [])][0];
      if (!file) return; // a text paste into the caption: not ours
      e.preventDefault();
      onImage(file, file.name || 'pasted image');
    };
    document.addEventListener('paste', onPaste);
    return () => document.removeEventListener('paste', onPaste);
  }, [onImage]);

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (file) onImage(file, file.name);
  };

  return (
    <div
      className={`image-drop${dragging ? ' dragging' : ''}`}
      data-testid="image-drop"
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      {children}
      <label className="file-button">
        Choose image…
        <input
          type="file"
          accept="image/*"
          data-testid="image-file"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = ''; // choosing the same file again still fires
            if (file) onImage(file, file.name);
          }}
        />
      </label>
      <span className="muted small"> or drop / paste an image</span>
    </div>
  );
}
