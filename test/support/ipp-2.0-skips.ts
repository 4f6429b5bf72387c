// What ipp-2.0.test (through ipp-1.1.test) skips by itself against Printvakt's queue, each for a
// capability the queue does not offer; the conformance tests hold a run to exactly this list.
export const SKIPPED_BY_IPP_2_0_TEST: Record<string, string> = {
  "RFC 8011 section 4.2.2: Print-URI Operation": "Print-URI is not supported (the server fetches nothing)",
  "Print-URI with bad URI: Print-URI Operation": "Print-URI",
  "RFC 8011 section 4.2.4: Create-Job Operation": "the Create-Job that precedes Send-URI",
  "RFC 8011 section 4.3.2: Send-URI Operation": "Send-URI is not supported",
  "Send-URI with bad URI: Create-Job Operation": "Send-URI",
  "Send-URI with bad URI: Send-URI Operation (bad URI)": "Send-URI",
  "Send-URI with bad URI: Cancel-Job Operation": "Send-URI",
  "Print-Job with A4 PostScript": "no PostScript: the printers released to may not take it",
  "Print-Job with A4 PostScript, Duplex": "no PostScript",
  "Print-Job with US Letter PostScript": "no PostScript",
  "Print-Job with US Letter PostScript, Duplex": "no PostScript",
  "Print-Job with A4 PDF and Standard Sheet": "job-sheets is none only (banner pages would print names)",
  "Print-Job with US Letter PDF and Standard Sheet": "job-sheets is none only",
  "Print-Job with A4 PDF, 2-Up": "number-up is 1 only",
  "Print-Job with US Letter PDF, 2-Up": "number-up is 1 only",
  // ipp-1.1.test looks for `print-quality` (not print-quality-supported) to decide; no printer has it.
  "Print-Job with JPEG on 4x6, Draft Quality": "the test file looks for print-quality, not print-quality-supported",
  "Print-Job with JPEG on 4x6, Normal Quality": "as above",
  "Print-Job with JPEG on 4x6, High Quality": "as above",
  // ipp-1.1.test looks for `print-quality` (not print-quality-supported) to decide; no printer has it.
  "Print-Job with A4 PDF, Draft Quality": "the test file looks for print-quality, not print-quality-supported",
  "Print-Job with US Letter PDF, Draft Quality": "as above",
};
