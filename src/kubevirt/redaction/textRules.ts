import { redactCommandCredentials } from './commands';
import { redactHighEntropyTokens } from './entropy';
import { redactSecretKeyValues } from './keyValues';
import { applyTokenRules } from './patterns';
import { redactPemBlocks } from './pem';
import { redactSecretXmlElements } from './unattend';

/**
 * The text rules that need no structure: PEM blocks, XML passwords, tokens of known shape,
 * credentials on command lines, key=value pairs, and last whatever still looks random. No YAML or
 * JSON parsing (redactText adds those), so a bundle that only re-checks short lines stays small.
 */
export const redactTextRules = (text: string): string =>
  redactHighEntropyTokens(
    redactSecretKeyValues(
      redactCommandCredentials(applyTokenRules(redactSecretXmlElements(redactPemBlocks(text)))),
    ),
  );
