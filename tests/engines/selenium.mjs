// The WebDriver client (selenium-webdriver from npm), with Selenium Manager switched off: every
// driver here gets an explicit path, and SE_MANAGER_PATH points at nothing, so if the client ever
// tried to fetch a driver or a browser it would fail at once instead of reaching the network.
import webdriver from 'selenium-webdriver';
import firefox from 'selenium-webdriver/firefox.js';
import remote from 'selenium-webdriver/remote/index.js';

export const NO_SELENIUM_MANAGER = '/nonexistent/selenium-manager-is-never-used';
process.env.SE_MANAGER_PATH = NO_SELENIUM_MANAGER;

export const { Builder, By, Select, until } = webdriver;
export { firefox, remote };
