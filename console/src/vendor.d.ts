// cytoscape-fcose ships no types: it is a Cytoscape.js extension, registered with cytoscape.use().
declare module "cytoscape-fcose" {
  const fcose: cytoscape.Ext;
  export default fcose;
}

// Vite's `?raw` imports: a file's text, bundled at build time (the Neo4j Browser queries of cypher/investigations).
declare module "*.cypher?raw" {
  const text: string;
  export default text;
}
