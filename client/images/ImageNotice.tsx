/** Why an image was not added, in a sentence, until the person dismisses it or the next one replaces it. */
export function ImageNotice({ message, onDismiss }: { message: string; onDismiss: () => void }) {
  return (
    <div className="image-notice" role="alert" data-testid="image-notice">
      <p className="image-notice__text">{message}</p>
      <button type="button" className="link-form__button" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  )
}
