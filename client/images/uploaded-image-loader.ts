import { fetchUploadedImage } from './upload-client.ts'

/**
 * Shows uploaded images to readers whatever the access mode: an <img src>
 * cannot send the `Authorization: Bearer` header, and a token in the image's
 * URL would end up in logs and histories (the server refuses it there). So
 * each upload is fetched once with the header and shown from a blob: URL (the
 * CSP allows img-src blob:), kept for the editor's life and shared by every
 * node view showing it. The browser's cache keeps the bytes (the server marks
 * them private and immutable), so a reload does not download them again.
 */
export class UploadedImageLoader {
  private readonly loaded = new Map<string, Promise<string>>()

  constructor(private readonly token: () => string | null) {}

  /** A blob: URL showing the upload at `src`; rejects when it cannot be fetched (and is tried again next time). */
  load(src: string): Promise<string> {
    let url = this.loaded.get(src)
    if (url === undefined) {
      url = fetchUploadedImage(src, this.token()).then((blob) => URL.createObjectURL(blob))
      this.loaded.set(src, url)
      url.catch(() => this.loaded.delete(src))
    }
    return url
  }

  dispose(): void {
    for (const url of this.loaded.values()) url.then((blobUrl) => URL.revokeObjectURL(blobUrl), () => undefined)
    this.loaded.clear()
  }
}
