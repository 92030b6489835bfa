/** The placement service of D2A Flow. */
package org.d2aflow.placement;
