/** An entity whose numeric id the database assigns on first save (AUTO_INCREMENT). */
export interface Note {
  id?: number
  title: string
  body: string
  pinned: boolean
  createdAt: Date
}
