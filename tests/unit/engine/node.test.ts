// The engine contract on the Node build, the one the `ciclo` command and these unit tests use.
import { createNodeEngine } from '../../../src/engine/node.ts';
import { engineContract } from './contract.ts';

engineContract('Node', createNodeEngine);
