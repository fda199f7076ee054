import type { Node as ProseMirrorNode } from '@tiptap/pm/model'
import type { NodeView } from '@tiptap/pm/view'
import { imageSrc, isUploadedImage } from '../../shared/image-src.ts'
import type { UploadedImageLoader } from './uploaded-image-loader.ts'

/** Longer addresses are cut in the missing-image box: a pasted data: address can be megabytes. */
const SHOWN_ADDRESS_LENGTH = 200

/**
 * An image node on screen: web images load by themselves; uploads are fetched
 * with the room's token. An image that cannot be shown (the address answers
 * with an error or not an image, the upload cannot be fetched, the address is
 * not one Seed shows) becomes a box saying so, with the image's description
 * and address as text that screen readers read. Only this view changes, never
 * the document, so everyone whose browser cannot load it sees the box.
 */
export class ImageView implements NodeView {
  readonly dom = document.createElement('div')
  private readonly picture = document.createElement('img')
  private readonly missing = document.createElement('div')
  private readonly missingDescription = document.createElement('span')
  private readonly missingAddress = document.createElement('span')
  /** The src being shown, undefined before the first render. */
  private shown: string | null | undefined = undefined

  constructor(
    private node: ProseMirrorNode,
    private readonly loader: UploadedImageLoader,
  ) {
    this.dom.className = 'document-image'
    this.picture.className = 'document-image__picture'
    this.missing.className = 'document-image__missing'
    const heading = document.createElement('span')
    heading.className = 'document-image__missing-heading'
    heading.textContent = 'Image not available'
    this.missingDescription.className = 'document-image__missing-description'
    this.missingAddress.className = 'document-image__missing-address'
    this.missing.append(heading, this.missingDescription, this.missingAddress)
    this.picture.addEventListener('error', () => {
      // A src removed on purpose (an upload being fetched) is not an error.
      if (this.picture.hasAttribute('src')) this.showMissing(true)
    })
    this.picture.addEventListener('load', () => this.showMissing(false))
    this.dom.append(this.picture, this.missing)
    this.render()
  }

  update(node: ProseMirrorNode): boolean {
    if (node.type !== this.node.type) return false
    this.node = node
    this.render()
    return true
  }

  /** Loads and errors of the picture are this view's own business, not ProseMirror's. */
  ignoreMutation(): boolean {
    return true
  }

  private render(): void {
    const { alt, title } = this.node.attrs as { alt: string | null; title: string | null }
    const address = String(this.node.attrs.src ?? '')
    this.picture.alt = alt ?? ''
    if (title) this.picture.title = title
    else this.picture.removeAttribute('title')
    this.missingDescription.textContent = alt ? `“${alt}”` : 'No description'
    this.missingAddress.textContent = address.length > SHOWN_ADDRESS_LENGTH ? `${address.slice(0, SHOWN_ADDRESS_LENGTH)}…` : address
    const src = imageSrc(address)
    if (src === this.shown) return
    this.shown = src
    this.showMissing(src === null)
    if (src === null || !isUploadedImage(src)) {
      if (src === null) this.picture.removeAttribute('src')
      else this.picture.src = src
      return
    }
    this.picture.removeAttribute('src')
    this.loader.load(src).then(
      (blobUrl) => {
        if (this.shown === src) this.picture.src = blobUrl
      },
      () => {
        if (this.shown === src) this.showMissing(true)
      },
    )
  }

  private showMissing(missing: boolean): void {
    this.dom.classList.toggle('document-image--missing', missing)
    // A broken <img> would still be read out beside the box's own words.
    this.picture.hidden = missing
    this.missing.hidden = !missing
  }
}
