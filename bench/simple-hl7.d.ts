// simple-hl7 ships no types; the benchmark only uses its parser.
declare module 'simple-hl7';
