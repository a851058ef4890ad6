import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';

export const PLUGIN_NAMESPACE = 'plugin__kubevirt-lightspeed-plugin';

/** Preloads the plugin's locale like the console does for ConsolePlugin spec.i18n.loadType: Preload. */
export const initI18n = async () => {
  const messages = await (
    await fetch(`/api/plugins/kubevirt-lightspeed-plugin/locales/en/${PLUGIN_NAMESPACE}.json`)
  ).json();
  await i18next.use(initReactI18next).init({
    lng: 'en',
    fallbackLng: 'en',
    ns: [PLUGIN_NAMESPACE],
    defaultNS: PLUGIN_NAMESPACE,
    nsSeparator: '~',
    keySeparator: false,
    interpolation: { escapeValue: false },
    resources: { en: { [PLUGIN_NAMESPACE]: messages } },
    returnEmptyString: false,
  });
};

/** `%plugin__name~Text%` strings in extensions, as the console translates them. */
export const translateExtensionString = (value: string) => {
  const match = /^%(.+)%$/.exec(value);
  return match ? i18next.t(match[1]) : value;
};
