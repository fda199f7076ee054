import type { Node as ProseMirrorNode } from '@tiptap/pm/model'
import { NodeSelection } from '@tiptap/pm/state'
import type { EditorView, NodeView } from '@tiptap/pm/view'
import { imageWidth, IMAGE_ALIGNMENTS, type ImageAlignment } from '../../shared/image-node.ts'
import { imageSrc, isUploadedImage } from '../../shared/image-src.ts'
import { draggedWidth } from './image-resize.ts'
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
 *
 * The image is a <figure> at the document's width and alignment, its caption
 * a <figcaption>. People who may edit resize it with the handle on its free
 * edge (the image toolbar's width field is the keyboard's way) and edit the
 * caption by clicking it. Tiptap's ResizableNodeView is not used: it would
 * replace this view (uploads, the missing box), stores a height in pixels that
 * squashes the image in a narrower column, and shows its handles to readers
 * until the document first changes.
 */
export class ImageView implements NodeView {
  readonly dom = document.createElement('figure')
  private readonly picture = document.createElement('img')
  private readonly missing = document.createElement('div')
  private readonly missingDescription = document.createElement('span')
  private readonly missingAddress = document.createElement('span')
  private readonly handle = document.createElement('span')
  private readonly caption = document.createElement('figcaption')
  /** The src being shown, undefined before the first render. */
  private shown: string | null | undefined = undefined
  /** Where a drag of the handle began, while one lasts. */
  private drag: { pointerId: number; startX: number; startWidth: number } | null = null

  constructor(
    private node: ProseMirrorNode,
    private readonly view: EditorView,
    private readonly getPos: () => number | undefined,
    private readonly loader: UploadedImageLoader,
    /** Opens the image toolbar's caption field: the caption was clicked. */
    private readonly editCaption: () => void,
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
    this.handle.className = 'document-image__resize'
    // The mouse's way; the image toolbar's width field is the keyboard's.
    this.handle.setAttribute('aria-hidden', 'true')
    this.handle.addEventListener('pointerdown', this.startDrag)
    this.handle.addEventListener('pointermove', this.followDrag)
    this.handle.addEventListener('pointerup', this.endDrag)
    this.handle.addEventListener('pointercancel', this.cancelDrag)
    // The figure is draggable (to move the image): a drag of the handle must not move it.
    this.dom.addEventListener('dragstart', (event) => {
      if (this.drag !== null) event.preventDefault()
    })
    this.caption.className = 'document-image__caption'
    this.caption.addEventListener('mousedown', this.clickCaption)
    this.dom.append(this.picture, this.missing, this.handle, this.caption)
    this.render()
  }

  /** ProseMirror leaves the handle's and the caption's pointer events to this view. */
  stopEvent(event: Event): boolean {
    return event.target instanceof Node && (this.handle.contains(event.target) || (this.view.editable && this.caption.contains(event.target)))
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

  private readonly startDrag = (event: PointerEvent): void => {
    if (!this.view.editable || event.button !== 0) return
    event.preventDefault()
    this.handle.setPointerCapture(event.pointerId)
    this.drag = { pointerId: event.pointerId, startX: event.clientX, startWidth: this.dom.getBoundingClientRect().width }
    this.dom.classList.add('document-image--resizing', 'document-image--sized')
  }

  private readonly followDrag = (event: PointerEvent): void => {
    if (this.drag?.pointerId !== event.pointerId) return
    this.dom.style.width = `${this.draggedWidth(event)}px`
  }

  private readonly endDrag = (event: PointerEvent): void => {
    if (this.drag?.pointerId !== event.pointerId) return
    const width = this.draggedWidth(event)
    // A click on the handle, without a move, leaves the image at the size it has.
    const moved = event.clientX !== this.drag.startX
    this.cancelDrag()
    const pos = this.getPos()
    if (!moved || pos === undefined || !this.view.editable) return
    // A pasted height would squash the image at its new width.
    const { tr } = this.view.state
    tr.setNodeAttribute(pos, 'width', width).setNodeAttribute(pos, 'height', null)
    this.view.dispatch(tr.setSelection(NodeSelection.create(tr.doc, pos)))
  }

  private readonly cancelDrag = (): void => {
    this.drag = null
    this.dom.classList.remove('document-image--resizing')
    this.render()
  }

  private draggedWidth(event: PointerEvent): number {
    const column = this.dom.parentElement
    const padding = column ? parseFloat(getComputedStyle(column).paddingLeft) + parseFloat(getComputedStyle(column).paddingRight) : 0
    return draggedWidth({
      startWidth: this.drag?.startWidth ?? 0,
      deltaX: event.clientX - (this.drag?.startX ?? event.clientX),
      align: this.alignment(),
      columnWidth: (column?.clientWidth ?? Infinity) - padding,
    })
  }

  private readonly clickCaption = (event: MouseEvent): void => {
    const pos = this.getPos()
    if (!this.view.editable || pos === undefined) return
    event.preventDefault()
    this.view.dispatch(this.view.state.tr.setSelection(NodeSelection.create(this.view.state.doc, pos)))
    this.editCaption()
  }

  private alignment(): ImageAlignment | null {
    return IMAGE_ALIGNMENTS.find((align) => align === this.node.attrs.align) ?? null
  }

  private render(): void {
    const width = imageWidth(this.node.attrs.width)
    if (this.drag === null) this.dom.style.width = width === null ? '' : `${width}px`
    this.dom.classList.toggle('document-image--sized', width !== null || this.drag !== null)
    for (const align of IMAGE_ALIGNMENTS) this.dom.classList.toggle(`document-image--${align}`, align === this.alignment())
    const caption = String(this.node.attrs.caption ?? '')
    this.caption.textContent = caption
    this.caption.hidden = caption === ''
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
