// The conversion table: what is sent as it is, what is converted to which language, and with
// which fixed Ghostscript device.
import { describe, expect, test } from "vitest";
import { planConversion, printableFormats, type ConversionPlan } from "./converters.js";
import { JPEG, PCL5, PCL_XL, PDF, POSTSCRIPT, PWG_RASTER, URF } from "./languages.js";

const tools = (plan: ConversionPlan) => (plan.kind === "convert" ? plan.steps.map((step) => `${step.tool}${step.tool === "gs" ? `:${step.args.find((arg) => arg.startsWith("-sDEVICE="))!.slice(9)}` : ""}`) : []);

describe("planConversion", () => {
  test("a printer that takes the document's format gets it as it is", () => {
    expect(planConversion("Application/PDF", { formats: [PDF, PWG_RASTER], colour: true }, false)).toEqual({ kind: "pass-through", format: PDF });
  });

  const CASES: [from: string, formats: string[], colour: boolean, target: string, steps: string[]][] = [
    [PDF, [PWG_RASTER], true, PWG_RASTER, ["gs:pwgraster"]],
    [PDF, [URF], true, URF, ["gs:urf"]],
    [PDF, [PCL_XL], false, PCL_XL, ["gs:pxlmono"]],
    [PDF, [PCL_XL], true, PCL_XL, ["gs:pxlcolor"]],
    [PDF, [PCL5], false, PCL5, ["gs:ljet4"]],
    [PDF, [POSTSCRIPT], true, POSTSCRIPT, ["gs:ps2write"]],
    [POSTSCRIPT, [PDF], true, PDF, ["gs:pdfwrite"]],
    [PWG_RASTER, [PDF], true, PDF, ["rastertopdf"]],
    [URF, [PDF], true, PDF, ["rastertopdf"]],
    [JPEG, [PDF], true, PDF, ["imagetopdf"]],
    // Colour to grey for a monochrome printer in every path, raster made into PDF too.
    [PWG_RASTER, [PDF], false, PDF, ["rastertopdf", "gs:pdfimage8"]],
    [URF, [PDF], false, PDF, ["rastertopdf", "gs:pdfimage8"]],
    [JPEG, [PDF], false, PDF, ["imagetopdf", "gs:pdfimage8"]],
    [PWG_RASTER, [PCL_XL], false, PCL_XL, ["rastertopdf", "gs:pxlmono"]],
    [URF, [PWG_RASTER], true, PWG_RASTER, ["rastertopdf", "gs:pwgraster"]],
    // Vector first: a printer taking PostScript and PCL gets PostScript.
    [PDF, [PCL5, POSTSCRIPT, PCL_XL], true, POSTSCRIPT, ["gs:ps2write"]],
  ];
  test.each(CASES)("%s to a printer taking %j (colour %s) becomes %s", (from, formats, colour, target, steps) => {
    const plan = planConversion(from, { formats, colour }, false);
    expect(plan).toMatchObject({ kind: "convert", from, target, grey: !colour });
    expect(tools(plan)).toEqual(steps);
  });

  test("colour turns grey for a monochrome printer and for a monochrome job", () => {
    const mono = planConversion(PDF, { formats: [PWG_RASTER], colour: false }, false);
    const asked = planConversion(PDF, { formats: [PWG_RASTER], colour: true }, true);
    for (const plan of [mono, asked]) {
      expect(plan.kind === "convert" && plan.steps[0]!.args).toContain("-dcupsColorSpace=18");
    }
    const colour = planConversion(PDF, { formats: [PWG_RASTER], colour: true }, false);
    expect(colour.kind === "convert" && colour.steps[0]!.args).toContain("-dcupsColorSpace=19");
    const greyPdf = planConversion(POSTSCRIPT, { formats: [PDF], colour: false }, false);
    expect(greyPdf.kind === "convert" && greyPdf.steps[0]!.args).toContain("-sColorConversionStrategy=Gray");
    const greyRaster = planConversion(JPEG, { formats: [PDF], colour: true }, true);
    expect(greyRaster.kind === "convert" && greyRaster.steps.at(-1)!.args).toContain("-sDEVICE=pdfimage8");
    // URF: 24-bit sRGB (SRGB24) for colour, 8-bit sGray (W8) for grey.
    const urfColour = planConversion(PDF, { formats: [URF], colour: true }, false);
    const urfGrey = planConversion(PDF, { formats: [URF], colour: false }, false);
    expect(urfColour.kind === "convert" && urfColour.steps[0]!.args).toEqual(expect.arrayContaining(["-dcupsColorSpace=19", "-dcupsBitsPerColor=8"]));
    expect(urfGrey.kind === "convert" && urfGrey.steps[0]!.args).toEqual(expect.arrayContaining(["-dcupsColorSpace=18", "-dcupsBitsPerColor=8"]));
  });

  test("raster is rendered at the printer's best resolution up to 600 dpi: PWG from its resolution list, URF from RS", () => {
    const pwg = planConversion(PDF, { formats: [PWG_RASTER], colour: true, pwgResolutions: [{ x: 300, y: 300 }, { x: 600, y: 600 }, { x: 1200, y: 1200 }] }, false);
    expect(pwg).toMatchObject({ resolution: { x: 600, y: 600 } });
    expect(pwg.kind === "convert" && pwg.steps[0]!.args).toContain("-r600");
    const urf = planConversion(PWG_RASTER, { formats: [URF], colour: true, urfResolutions: [300] }, false);
    expect(urf.kind === "convert" && urf.steps.at(-1)!.args).toContain("-r300");
    const unknown = planConversion(PDF, { formats: [PWG_RASTER], colour: true }, false);
    expect(unknown.kind === "convert" && unknown.steps[0]!.args).toContain("-r300");
    const vector = planConversion(PDF, { formats: [POSTSCRIPT], colour: true, pwgResolutions: [{ x: 600, y: 600 }] }, false);
    expect(vector).not.toHaveProperty("resolution");
  });

  test("a printer without the job's paper: the document is rewritten in its own language, scaled to fit the chosen paper", () => {
    const a4 = { x: 21000, y: 29700 };
    const fit = ["-dFIXEDMEDIA", "-dFitPage", "-dDEVICEWIDTHPOINTS=595.28", "-dDEVICEHEIGHTPOINTS=841.89"];
    const pdf = planConversion(PDF, { formats: [PDF], colour: true }, false, a4);
    expect(pdf).toMatchObject({ kind: "convert", target: PDF, paper: a4 });
    expect(tools(pdf)).toEqual(["gs:pdfwrite"]);
    expect(pdf.kind === "convert" && pdf.steps[0]!.args).toEqual(expect.arrayContaining(fit));
    const raster = planConversion(PWG_RASTER, { formats: [PWG_RASTER], colour: true }, false, a4);
    expect(tools(raster)).toEqual(["rastertopdf", "gs:pwgraster"]);
    expect(raster.kind === "convert" && raster.steps[1]!.args).toEqual(expect.arrayContaining(fit));
    // A monochrome PDF printer got colour PDF as it is before; rewritten for its paper, it still does.
    expect(planConversion(PDF, { formats: [PDF], colour: false }, false, a4)).toMatchObject({ kind: "convert", grey: false });
    // JPEG is not rewritten: the printer scales a picture itself.
    expect(planConversion(JPEG, { formats: [JPEG], colour: true }, false, a4)).toEqual({ kind: "pass-through", format: JPEG });
  });

  test("every Ghostscript step runs with -dSAFER, reads stdin and writes stdout", () => {
    for (const target of [PDF, POSTSCRIPT, PWG_RASTER, URF, PCL_XL, PCL5]) {
      const plan = planConversion(target === PDF ? POSTSCRIPT : PDF, { formats: [target], colour: true }, false);
      const step = plan.kind === "convert" ? plan.steps.at(-1)! : undefined;
      expect(step?.args).toContain("-dSAFER");
      expect(step?.args).toContain("-sOutputFile=-");
      expect(step?.args.at(-1)).toBe("-");
      expect(step?.args.some((arg) => arg.startsWith("-dNOSAFER") || arg.startsWith("-dDELAYSAFER"))).toBe(false);
    }
  });

  test("what cannot be converted is impossible, never sent blindly", () => {
    expect(planConversion("text/plain", { formats: [PCL_XL], colour: false }, false)).toEqual({ kind: "impossible", from: "text/plain" });
    expect(planConversion(PDF, { formats: ["application/vnd.canon-lips"], colour: false }, false)).toEqual({ kind: "impossible", from: PDF });
  });
});

describe("printableFormats", () => {
  test("a PCL XL printer can be sent PDF, PostScript, PWG raster, URF and JPEG through conversion", () => {
    expect(printableFormats([PCL_XL])).toEqual([PCL_XL, PDF, POSTSCRIPT, PWG_RASTER, URF, JPEG]);
  });
  test("a printer in no language Printvakt makes gets only its own formats", () => {
    expect(printableFormats(["image/JPEG"])).toEqual([JPEG]);
  });
});
