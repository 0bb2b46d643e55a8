import { Card, CardContent, CardHeader, CardTitle } from '@praxis/ui';
import { type ReactNode, useMemo, useState } from 'react';
import { isPreviewableImage } from './profile-values';

/** A section of the profile: a card whose heading names its region. */
export function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Card>
      <section aria-labelledby={`${id}-heading`}>
        <CardHeader>
          <CardTitle>
            <h2 id={`${id}-heading`}>{title}</h2>
          </CardTitle>
        </CardHeader>
        <CardContent className="grid gap-4">{children}</CardContent>
      </section>
    </Card>
  );
}

/** Suggestions for the time zone box: the zone names this browser knows. */
export function TimeZoneList() {
  const zones = useMemo(
    () => (typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['UTC']),
    [],
  );
  return (
    <datalist id="profile-time-zones">
      {zones.map((zone) => (
        <option key={zone} value={zone} />
      ))}
    </datalist>
  );
}

/** The image URL shown as an image once it is an http(s) URL (the server's rule). */
export function ImagePreview({ url }: { url: string }) {
  const [failed, setFailed] = useState<string | null>(null);
  if (!isPreviewableImage(url)) return null;
  const src = url.trim();
  return (
    <figure className="flex items-center gap-3">
      {failed === src ? (
        <p className="text-muted-foreground text-sm">The image at this URL could not be loaded.</p>
      ) : (
        <img
          src={src}
          alt="Profile"
          referrerPolicy="no-referrer"
          className="size-20 rounded-full border border-border object-cover"
          onError={() => setFailed(src)}
        />
      )}
      <figcaption className="text-muted-foreground text-sm">Image preview</figcaption>
    </figure>
  );
}
