import './title.css'

interface TitleRenameButtonProps {
  title: string
  onRename: () => void
}

/** The header's title, for those who can write: one click and the title field is ready for the new name. */
export function TitleRenameButton({ title, onRename }: TitleRenameButtonProps) {
  return (
    <button type="button" className="title-rename" title="Rename this document" onClick={onRename} data-testid="title-rename">
      {title}
    </button>
  )
}
