// Provided by build.mjs: the repository's samples/*.sync.yaml, embedded at build time so the
// page needs nothing from the server but the language server itself.
declare module "virtual:samples" {
  export interface Sample {
    /** File name without `.sync.yaml`, used in the picker and in `#sample=` links. */
    name: string
    /** The file name, also the document URI's last segment. */
    file: string
    /** The sample's first comment line. */
    title: string
    text: string
  }
  const samples: readonly Sample[]
  export default samples
}
