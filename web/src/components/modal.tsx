import { useEffect, useRef, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'

/** A modal on the native <dialog> (focus trap, Esc and the top layer come from the browser). */
export function Modal({ title, onClose, children, testId, wide }: { title: string; onClose: () => void; children: ReactNode; testId?: string; wide?: boolean }) {
  const { t } = useTranslation()
  const ref = useRef<HTMLDialogElement>(null)
  const close = useRef(onClose)
  close.current = onClose
  useEffect(() => {
    const d = ref.current
    if (!d) return
    if (!d.open) d.showModal()
    const onCancel = (e: Event) => {
      e.preventDefault()
      close.current()
    }
    d.addEventListener('cancel', onCancel)
    return () => d.removeEventListener('cancel', onCancel)
  }, [])
  return (
    <dialog ref={ref} className={`modal ${wide ? 'modal-wide' : ''}`} data-testid={testId} aria-labelledby="modal-title">
      <header className="modal-head">
        <h2 id="modal-title">{title}</h2>
        <button type="button" className="btn btn-ghost btn-small" onClick={onClose} aria-label={t('close')}>
          ✕
        </button>
      </header>
      <div className="modal-body">{children}</div>
    </dialog>
  )
}
