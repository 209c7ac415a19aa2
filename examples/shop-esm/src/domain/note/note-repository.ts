import type { Note } from './note.js'

export interface NoteRepository {
  findById(id: number): Promise<Note | null>
  save(note: Note): Promise<Note>
  findAllByPinnedTrueOrderByCreatedAtDesc(): Promise<Note[]>
  findByTitleContaining(text: string, page?: { limit?: number; offset?: number }): Promise<{ items: Note[]; total: number }>
}
